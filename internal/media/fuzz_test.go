package media

import (
	"bytes"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"testing"
)

// fuzzDecodeBudget bounds the decodes the fuzz target runs (1 MiB), so
// that it spends its time on many inputs rather than a few large ones.
const fuzzDecodeBudget = 1 << 20

// FuzzImage: reading an image's header never panics and declares no
// negative size; an image whose decode fits the budget decodes without
// panicking, and its thumbnail is a PNG no larger than ThumbnailMax a side.
func FuzzImage(f *testing.F) {
	encode := func(enc func(*bytes.Buffer)) []byte {
		var b bytes.Buffer
		enc(&b)
		return b.Bytes()
	}
	small := image.NewNRGBA(image.Rect(0, 0, 40, 700))
	f.Add(encode(func(b *bytes.Buffer) { _ = png.Encode(b, small) }))
	f.Add(encode(func(b *bytes.Buffer) { _ = jpeg.Encode(b, small, nil) }))
	f.Add(encode(func(b *bytes.Buffer) {
		_ = gif.Encode(b, image.NewPaletted(image.Rect(0, 0, 9, 9), color.Palette{color.Black, color.White}), nil)
	}))
	f.Add(encode(func(b *bytes.Buffer) { _ = png.Encode(b, image.NewGray16(image.Rect(0, 0, 3, 1))) }))
	f.Add([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x2e\xe0\x00\x00\x2e\xe0\x08\x06\x00\x00\x00"))
	f.Add([]byte("GIF89a"))
	f.Fuzz(func(t *testing.T, data []byte) {
		h, ok := readHeader(data)
		if !ok {
			return
		}
		if h.width < 0 || h.height < 0 || h.pixels() < 0 || h.decodeBytes() < h.pixels() {
			t.Fatalf("header %+v: pixels %d, decode bytes %d", h, h.pixels(), h.decodeBytes())
		}
		if h.pixels() == 0 || h.decodeBytes() > fuzzDecodeBudget {
			return
		}
		thumb := thumbnailOf(data)
		if thumb == nil {
			return
		}
		cfg, err := png.DecodeConfig(bytes.NewReader(thumb))
		if err != nil || cfg.Width < 1 || cfg.Height < 1 || cfg.Width > ThumbnailMax || cfg.Height > ThumbnailMax {
			t.Fatalf("thumbnail of a %dx%d image: %+v, %v", h.width, h.height, cfg, err)
		}
	})
}
