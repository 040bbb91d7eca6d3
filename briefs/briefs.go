// Package briefs embeds the bundled example brief, so that `report` with no
// arguments builds it from any folder.
package briefs

import "embed"

// FS holds the bundled briefs, one folder each.
//
//go:embed nk-2017
var FS embed.FS

// Bundled is the id of the brief `report` builds when given no arguments.
const Bundled = "nk-2017"
