// Package data loads a brief from its folder: the front matter, the Markdown
// body and the CSV tables. Every value it returns keeps the file:line:col it
// came from, and every problem it finds is reported as an Error with that
// position, all of them at once.
//
// Package data imports no other internal package.
package data
