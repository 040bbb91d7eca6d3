package theme

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // DecodeConfig of JPEG logos
	_ "image/png"  // DecodeConfig of PNG logos
	"io"
	"io/fs"
	"os"
	"path"
	"strings"

	"golang.org/x/image/font/sfnt"
)

// Limits on a theme's files, so that a hostile theme can exhaust neither
// memory nor time. docs/limits.md explains them.
const (
	MaxThemeBytes = 256 << 10 // theme.yaml
	MaxFontBytes  = 32 << 20  // one font file
	MaxLogoBytes  = 4 << 20   // the logo file
	MaxLogoPixels = 4096 * 4096
	MaxLogoSide   = 8192 // pixels on either side
	MaxFamilies   = 16   // font families
	MaxPalette    = 64   // palette colours
)

// dirFS reads a folder through an os.Root opened for each access: nothing
// reaches outside the folder, and no file stays open between reads.
type dirFS string

func (d dirFS) Open(name string) (fs.File, error) {
	r, err := os.OpenRoot(string(d))
	if err != nil {
		return nil, err
	}
	defer r.Close() // the file opened stays valid
	return r.FS().Open(name)
}

// Stat does not open the file: opening a named pipe would block.
func (d dirFS) Stat(name string) (fs.FileInfo, error) {
	r, err := os.OpenRoot(string(d))
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return fs.Stat(r.FS(), name)
}

// readFile reads a regular file of the theme's folder of at most limit
// bytes. It checks the file's type before opening it: opening a named pipe
// would block.
func readFile(fsys fs.FS, name string, limit int64) ([]byte, error) {
	if !fs.ValidPath(name) || strings.Contains(name, `\`) {
		return nil, fmt.Errorf("%q is not a path inside the theme's folder (write paths with /)", name)
	}
	st, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, unwrapPath(err)
	}
	if st.IsDir() {
		return nil, fmt.Errorf("%q is a folder, not a file", name)
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%q is not a regular file", name)
	}
	if st.Size() > limit {
		return nil, fmt.Errorf("%q is %d bytes; the limit is %d", name, st.Size(), limit)
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, unwrapPath(err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, unwrapPath(err)
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%q is over the limit of %d bytes", name, limit)
	}
	return b, nil
}

// loadFonts reads and parses every font file of the theme once, so that a
// broken font is a theme error at load, not hundreds of "character not in
// the theme's fonts" errors blaming the brief.
func (t *Theme) loadFonts() error {
	if len(t.Fonts) > MaxFamilies {
		return fmt.Errorf("fonts: %d families; the limit is %d", len(t.Fonts), MaxFamilies)
	}
	for _, name := range sortedKeys(t.Fonts) {
		fam := t.Fonts[name]
		for _, face := range []struct{ key, src string }{{"regular", fam.Regular}, {"bold", fam.Bold}, {"italic", fam.Italic}, {"bolditalic", fam.BoldItalic}} {
			if face.src == "" {
				return fmt.Errorf("fonts.%s.%s: missing", name, face.key)
			}
			if _, ok := t.parsed[face.src]; ok {
				continue
			}
			b, err := t.FontBytes(face.src)
			if err != nil {
				return fmt.Errorf("fonts.%s.%s: %v", name, face.key, err)
			}
			f, err := sfnt.Parse(b)
			if err != nil {
				return fmt.Errorf("fonts.%s.%s: %q is not a TrueType font that can be read: %v", name, face.key, face.src, strings.TrimPrefix(err.Error(), "sfnt: "))
			}
			var buf sfnt.Buffer
			if g, err := f.GlyphIndex(&buf, 'A'); err != nil || g == 0 {
				// No Latin capital A: the font has no usable Unicode cmap.
				return fmt.Errorf("fonts.%s.%s: %q has no usable character map", name, face.key, face.src)
			}
			// The PDF library reads the names too, and panics on a name
			// table that points outside the file.
			for _, id := range []sfnt.NameID{sfnt.NameIDFamily, sfnt.NameIDSubfamily, sfnt.NameIDFull, sfnt.NameIDPostScript} {
				if _, err := f.Name(&buf, id); err != nil && err != sfnt.ErrNotFound {
					return fmt.Errorf("fonts.%s.%s: %q has a damaged name table: %v", name, face.key, face.src, strings.TrimPrefix(err.Error(), "sfnt: "))
				}
			}
			t.parsed[face.src] = f
		}
	}
	return nil
}

// loadLogo reads the logo and checks its pixel dimensions before anything
// decodes it: a small PNG can inflate to gigabytes.
func (t *Theme) loadLogo() error {
	name := t.Masthead.Logo
	if name == "" {
		return nil
	}
	ext := strings.ToLower(path.Ext(name))
	if ext != ".png" && ext != ".jpg" && ext != ".jpeg" {
		return fmt.Errorf("masthead.logo: %q is not a .png, .jpg or .jpeg file", name)
	}
	b, err := readFile(t.fsys, name, MaxLogoBytes)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("masthead.logo: %q: %v", name, err)
	}
	if err != nil {
		return fmt.Errorf("masthead.logo: %v", err)
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		return fmt.Errorf("masthead.logo: %q is not a PNG or JPEG image: %v", name, err)
	}
	if (format == "png") != (ext == ".png") {
		return fmt.Errorf("masthead.logo: %q holds a %s image", name, strings.ToUpper(format))
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > MaxLogoSide || cfg.Height > MaxLogoSide || cfg.Width*cfg.Height > MaxLogoPixels {
		return fmt.Errorf("masthead.logo: %q is %d×%d pixels; the limit is %d pixels, at most %d on a side", name, cfg.Width, cfg.Height, MaxLogoPixels, MaxLogoSide)
	}
	t.logo = b
	return nil
}
