package media

import (
	"bytes"
	"image"
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

// imageInfo reads an image's dimensions and, when thumb is set, makes a PNG
// thumbnail no larger than ThumbnailMax on its longest side. ok is false
// for images the standard library cannot decode (WebP, damaged files):
// they are kept without dimensions or thumbnail.
func imageInfo(data []byte, thumb bool) (width, height int, thumbnail []byte, ok bool) {
	src, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return 0, 0, nil, false
	}
	b := src.Bounds()
	width, height = b.Dx(), b.Dy()
	if !thumb || width == 0 || height == 0 {
		return width, height, nil, true
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
		return width, height, nil, true
	}
	return width, height, buf.Bytes(), true
}
