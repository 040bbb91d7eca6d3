// Package templates embeds the house styles that ship with report, so that
// the binary needs no files beside it.
package templates

import "embed"

// FS holds one folder per house style; each has a theme.yaml.
//
//go:embed default
var FS embed.FS
