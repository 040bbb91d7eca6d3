package compose

// FormatInteger formats n for lang, for tests.
func FormatInteger(lang string, n int64) string { return newLocale(lang).integer(n) }
