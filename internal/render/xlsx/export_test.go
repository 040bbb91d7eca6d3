package xlsx

// SetStreamOnly makes Read use excelize's reader for every sheet.
func SetStreamOnly(on bool) { streamOnly.Store(on) }

// Scanned counts the sheets that Read's scanner read.
func Scanned() int { return int(scanned.Load()) }
