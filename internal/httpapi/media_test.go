package httpapi_test

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/png"
	"net/http"
	"testing"

	"github.com/helio-platform/helio/internal/app/apptest"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

// pngDeclaring returns a PNG of a few hundred bytes whose header declares
// width×height 8-bit RGBA pixels; its image data holds one row only, so the
// file is tiny however large the picture it claims to be.
func pngDeclaring(t testing.TB, width, height uint32) []byte {
	t.Helper()
	var out bytes.Buffer
	out.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(kind string, data []byte) {
		_ = binary.Write(&out, binary.BigEndian, uint32(len(data)))
		out.WriteString(kind)
		out.Write(data)
		_ = binary.Write(&out, binary.BigEndian, crc32.ChecksumIEEE(append([]byte(kind), data...)))
	}
	ihdr := binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint32(nil, width), height)
	chunk("IHDR", append(ihdr, 8, 6, 0, 0, 0)) // 8-bit RGBA, deflate, no filter, no interlace
	var idat bytes.Buffer
	z := zlib.NewWriter(&idat)
	_, _ = z.Write(make([]byte, 1+4*64)) // the start of the first row
	testkit.Must(t, z.Close())
	chunk("IDAT", idat.Bytes())
	chunk("IEND", nil)
	return out.Bytes()
}

// TestImageBombsAreRefusedFromTheirHeader: a small file declaring 12000×12000
// pixels is refused on the file field, naming the limit and the image's
// size, before anything decodes it; an image under the pixel limit whose
// decode would exceed the decode budget keeps its dimensions but gets no
// thumbnail, and ordinary images still get both.
func TestImageBombsAreRefusedFromTheirHeader(t *testing.T) {
	t.Parallel()
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		w := newCreatorWorld(t, d)
		tok, _ := w.signUp("bomb")
		bomb := pngDeclaring(t, 12000, 12000)
		if len(bomb) > 1024 {
			t.Fatalf("the bomb is %d bytes", len(bomb))
		}
		for _, purpose := range []string{"content", "avatar"} {
			a := w.upload(tok, purpose, bomb)
			a.Expect(t, http.StatusUnprocessableEntity, "invalid", "file")
			if msg := a.String("error.fields.file"); msg != "must be at most 40 megapixels (this image is 12000×12000, 144 megapixels)" {
				t.Fatalf("%s: refusal says %q", purpose, msg)
			}
		}
		if n := w.count("media"); n != 0 {
			t.Fatalf("refused bombs left %d media rows", n)
		}

		// A second server on the same database, with smaller limits; it
		// shares the first one's browser, whose device the operator knows.
		smallEnv := apptest.New(t, d, "HELIO_MEDIA_MAX_PIXELS=1000000", "HELIO_IMAGE_MAX_BYTES=1048576")
		small := &creatorWorld{t: t, env: smallEnv, c: testkit.Client{Handler: smallEnv.Handler, Device: w.c.Device}, ops: w.ops}
		tok, _ = small.signUp("deep")
		small.upload(tok, "content", pngDeclaring(t, 1001, 1000)).Expect(t, http.StatusUnprocessableEntity, "invalid", "file")
		var deep bytes.Buffer // 16-bit RGBA: 8 bytes a pixel, over the 4-bytes-a-pixel decode budget
		testkit.Must(t, png.Encode(&deep, image.NewRGBA64(image.Rect(0, 0, 1000, 1000))))
		a := small.upload(tok, "content", deep.Bytes())
		a.Expect(t, http.StatusCreated, "")
		if a.Body["width"].(float64) != 1000 || a.String("thumbnail_url") != "" {
			t.Fatalf("over the decode budget: %s", a.Raw)
		}
		var plain bytes.Buffer
		testkit.Must(t, png.Encode(&plain, image.NewNRGBA(image.Rect(0, 0, 1000, 1000))))
		if a := small.upload(tok, "content", plain.Bytes()); a.Status != http.StatusCreated || a.String("thumbnail_url") == "" {
			t.Fatalf("within the budget: %s", a.Raw)
		}
	})
}
