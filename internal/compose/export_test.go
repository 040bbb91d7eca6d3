package compose

import "github.com/un-briefs/report/internal/i18n"

// FormatInteger formats n for lang, for tests.
func FormatInteger(lang string, n int64) string { return i18n.Default(lang).Locale.Integer(n) }
