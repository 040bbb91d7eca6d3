// Package pdf renders the document model as a typeset PDF brief with fpdf:
// masthead, justified paragraphs of mixed runs, headings kept with what
// follows, tables that repeat their header across pages, vector charts,
// footnotes, running header and footer, bookmarks and metadata.
//
// It is the only package that imports fpdf.
package pdf
