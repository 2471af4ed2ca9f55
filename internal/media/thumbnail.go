package media

import (
	"bytes"
	"image"
	"image/color"
	_ "image/gif" // registers GIF decoding for dimensions and thumbnails
	_ "image/jpeg"
	"image/png"
)

// ThumbnailMax is the longest side of a thumbnail in pixels.
const ThumbnailMax = 320

// ThumbnailURLOf is where the thumbnail of a content image is served.
func ThumbnailURLOf(id string) string { return URLOf(id) + "/thumbnail" }

// thumbnailKey is the blob key of a file's thumbnail.
func thumbnailKey(key string) string { return key + "-thumbnail" }

// header is what an image's header declares, read without decoding pixels.
type header struct {
	format        string
	width, height int
	model         color.Model
}

// readHeader reads an image's header (image.DecodeConfig). ok is false for
// images the standard library cannot read (WebP, damaged files): they are
// kept without dimensions or thumbnail.
func readHeader(data []byte) (h header, ok bool) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width < 0 || cfg.Height < 0 {
		return header{}, false
	}
	return header{format: format, width: cfg.Width, height: cfg.Height, model: cfg.ColorModel}, true
}

// pixels is the number of pixels the header declares.
func (h header) pixels() int64 { return int64(h.width) * int64(h.height) }

// decodeBytes estimates the memory a full decode of the image takes: its
// pixels times the bytes a pixel of its colour model needs, and for JPEG
// also the coefficients a progressive image holds (2 bytes per sample).
func (h header) decodeBytes() int64 {
	if h.format == "jpeg" {
		return h.pixels() * 9 // up to 3 decoded samples and 6 coefficient bytes a pixel
	}
	if _, paletted := h.model.(color.Palette); paletted {
		return h.pixels()
	}
	switch h.model {
	case color.GrayModel:
		return h.pixels()
	case color.Gray16Model:
		return h.pixels() * 2
	case color.RGBA64Model, color.NRGBA64Model:
		return h.pixels() * 8
	}
	return h.pixels() * 4
}

// thumbnailOf decodes data and makes a PNG thumbnail no larger than
// ThumbnailMax on its longest side; it returns nil when the image does not
// decode. The caller bounds the decode's memory from the header first.
func thumbnailOf(data []byte) []byte {
	src, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil
	}
	b := src.Bounds()
	width, height := b.Dx(), b.Dy()
	if width == 0 || height == 0 {
		return nil
	}
	tw, th := width, height
	if longest := max(width, height); longest > ThumbnailMax {
		tw, th = max(1, width*ThumbnailMax/longest), max(1, height*ThumbnailMax/longest)
	}
	dst := image.NewRGBA(image.Rect(0, 0, tw, th))
	for y := range th {
		for x := range tw {
			dst.Set(x, y, src.At(b.Min.X+x*width/tw, b.Min.Y+y*height/th))
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, dst); err != nil {
		return nil
	}
	return buf.Bytes()
}
