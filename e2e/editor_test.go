package e2e

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/helio-platform/helio/internal/demo"
	"github.com/helio-platform/helio/internal/testkit"
)

// picture writes a PNG of w×h noise (large enough for the upload to report
// its progress) into the test's folder and returns its path.
func picture(t *testing.T, name string, w, h int) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	r := rand.New(rand.NewPCG(uint64(w), uint64(h)))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(r.UintN(256)), uint8(x), uint8(y), 255})
		}
	}
	var b bytes.Buffer
	testkit.Must(t, png.Encode(&b, img))
	p := filepath.Join(t.TempDir(), name)
	testkit.Must(t, os.WriteFile(p, b.Bytes(), 0o644))
	return p
}

// newDraft starts a draft of typ titled title from the content list at
// url and waits for its editor.
func newDraft(url, typ, title string) []chromedp.Action[chromedp.Void] {
	return []chromedp.Action[chromedp.Void]{
		chromedp.Navigate(url + "/contents"),
		chromedp.WaitVisible(chromedp.ID("new-draft")),
		chromedp.SetValue(chromedp.ID("type"), typ),
		chromedp.SendKeys(chromedp.ID("title"), title),
		chromedp.Click(chromedp.ID("new-draft")),
		chromedp.WaitVisible(chromedp.ID("body")),
	}
}

// watchUploads records, in window.seen, every state the upload status
// takes and the upload bar's highest value, so the test asks afterwards
// whether progress was shown instead of racing the bar.
const watchUploads = `(function () {
	window.seen = { states: [], most: 0 };
	new MutationObserver(function () {
		var s = document.getElementById("upload-status").dataset.state;
		if (s && window.seen.states[window.seen.states.length - 1] !== s) { window.seen.states.push(s); }
		window.seen.most = Math.max(window.seen.most, document.getElementById("upload-progress").value);
	}).observe(document.getElementById("dropzone"), { attributes: true, subtree: true, childList: true, characterData: true });
	return true;
})()`

// mediaOrder is the ids of the editor's media list, in order.
func mediaOrder(t *testing.T, ctx context.Context) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](
		`Array.from(document.querySelectorAll("#media-list .media-item")).map(function (li) { return li.dataset.id; }).join(",")`))
	testkit.Must(t, err)
	return s
}

// clickImageAt clicks the outfit's image at x and y thousandths of its
// width and height, as a person would with the mouse.
func clickImageAt(t *testing.T, ctx context.Context, x, y float64) {
	t.Helper()
	testkit.Must(t, chromedp.Do(ctx, chromedp.ScrollIntoView(chromedp.ID("hotspot-image"))))
	rect, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](
		`(function () { var r = document.getElementById("hotspot-image").getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; })()`))
	testkit.Must(t, err)
	testkit.Must(t, chromedp.Do(ctx, chromedp.MouseClickXY(rect[0]+rect[2]*x/1000, rect[1]+rect[3]*y/1000)))
}

// near tells whether a hotspot line "id | x | y" is at x and y, give or
// take the rounding of a pixel.
func near(line, id string, x, y int) bool {
	p := strings.Split(line, "|")
	if len(p) != 3 || strings.TrimSpace(p[0]) != id {
		return false
	}
	gx, _ := strconv.Atoi(strings.TrimSpace(p[1]))
	gy, _ := strconv.Atoi(strings.TrimSpace(p[2]))
	return gx >= x-8 && gx <= x+8 && gy >= y-8 && gy <= y+8
}

// TestEditorFlows writes in the editor as a creator at 390×844 and
// 1366×768 on both databases: the preview follows the typing and the
// counters count against the domain's limits; the save state stays in
// sight when the page is scrolled to its end; two images dropped in
// through the file chooser upload with a progress bar and show as
// thumbnails, are swapped and one removed, and the order survives a
// reload; an outfit's hotspots are placed and moved by clicking its image
// and saved; the page fits, passes axe-core and reads in Chinese.
func TestEditorFlows(t *testing.T) {
	first, second := picture(t, "first.png", 480, 480), picture(t, "second.png", 400, 300)
	for _, dialect := range testkit.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			url := startHelio(t, dialect)
			ctx := browser(t)
			testkit.Must(t, chromedp.Do(ctx, append([]chromedp.Action[chromedp.Void]{chromedp.Navigate(url + "/login")}, logIn(demo.People[0].Nickname)...)...))
			for _, size := range sizes {
				n := strconv.Itoa(int(size[0]))
				testkit.Must(t, chromedp.Do(ctx, chromedp.EmulateViewport(size[0], size[1])))
				testkit.Must(t, chromedp.Do(ctx, append(newDraft(url, "post", "春日穿搭"+n),
					chromedp.SendKeys(chromedp.ID("body"), "白衬衫配牛仔裤。\n第二段。"),
					chromedp.WaitVisible(chromedp.CSS(`#save-status[data-state="saved"]`)),
				)...))
				wants(t, ctx, "preview-title", "春日穿搭"+n)
				if got := value(t, ctx, "body"); mustText(t, ctx, chromedp.ID("preview-body")) != got {
					t.Fatalf("the preview shows %q for the body %q", mustText(t, ctx, chromedp.ID("preview-body")), got)
				}
				wants(t, ctx, "title-count", strconv.Itoa(len([]rune("春日穿搭"+n)))+" of 100 characters")
				wants(t, ctx, "body-count", strconv.Itoa(len([]rune(value(t, ctx, "body"))))+" of 50000 characters")

				// Images: chosen, uploaded with progress, shown as thumbnails.
				_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](watchUploads))
				testkit.Must(t, err)
				testkit.Must(t, chromedp.Do(ctx,
					chromedp.SetUploadFiles(chromedp.ID("files"), []string{first, second}),
					chromedp.WaitVisible(chromedp.CSS(`#upload-status[data-state="saved"]`)),
					chromedp.WaitVisible(chromedp.CSS(`#media-list .media-item:nth-child(2) img.media-thumb`)),
				))
				seen, err := chromedp.Run(ctx, chromedp.Evaluate[string](`window.seen.states.join(",") + " " + window.seen.most`))
				testkit.Must(t, err)
				if !strings.Contains(seen, "uploading") || !strings.HasSuffix(seen, " 100") {
					t.Fatalf("the upload showed %q, want an uploading state and the bar at 100", seen)
				}
				before := strings.Split(mediaOrder(t, ctx), ",")
				if len(before) != 2 {
					t.Fatalf("after uploading two images the list holds %v", before)
				}
				fitsWidth(t, ctx, "the editor with images", size)
				testkit.Must(t, chromedp.Do(ctx,
					chromedp.Click(chromedp.CSS(`#media-list .media-item:first-child .move-later`)),
					chromedp.WaitVisible(chromedp.CSS(`#upload-status[data-state="saved"]`)),
					chromedp.Reload(),
					chromedp.WaitVisible(chromedp.ID("media-list")),
				))
				if got := mediaOrder(t, ctx); got != before[1]+","+before[0] {
					t.Fatalf("after moving the first image later and reloading the order is %s, want %s,%s", got, before[1], before[0])
				}
				testkit.Must(t, chromedp.Do(ctx,
					chromedp.Click(chromedp.CSS(`#media-list .media-item:first-child .remove`)),
					chromedp.WaitVisible(chromedp.CSS(`#upload-status[data-state="saved"]`)),
					chromedp.Reload(),
					chromedp.WaitVisible(chromedp.ID("media-list")),
				))
				if got := mediaOrder(t, ctx); got != before[0] {
					t.Fatalf("after removing an image and reloading the list is %s, want %s", got, before[0])
				}
				// The save state stays in sight at the end of the page.
				inSight, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(function () {
					window.scrollTo(0, document.documentElement.scrollHeight);
					var r = document.getElementById("save-status").getBoundingClientRect();
					return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0;
				})()`))
				testkit.Must(t, err)
				if !inSight {
					t.Fatalf("at %dx%d the save state scrolls out of sight", size[0], size[1])
				}
				accessible(t, ctx, "the editor at "+n)
				testkit.Must(t, chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("title"), strings.Repeat("长", 100))))
				wants(t, ctx, "title-count", "too long")

				// An outfit: hotspots placed and moved by clicking the image.
				testkit.Must(t, chromedp.Do(ctx, append(newDraft(url, "outfit", "通勤穿搭"+n),
					chromedp.SetUploadFiles(chromedp.ID("files"), []string{first}),
					chromedp.WaitVisible(chromedp.ID("hotspot-image")),
				)...))
				clickImageAt(t, ctx, 250, 600)
				testkit.Must(t, chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("hotspot-1"), "sku-top")))
				clickImageAt(t, ctx, 700, 300)
				testkit.Must(t, chromedp.Do(ctx,
					chromedp.SendKeys(chromedp.ID("hotspot-2"), "sku-bag"),
					chromedp.Click(chromedp.CSS(`#hotspot-list li:first-child button.place`)),
				))
				clickImageAt(t, ctx, 400, 800)
				lines := strings.Split(strings.TrimSpace(value(t, ctx, "products")), "\n")
				if len(lines) != 2 || !near(lines[0], "sku-top", 400, 800) || !near(lines[1], "sku-bag", 700, 300) {
					t.Fatalf("after placing two hotspots and moving the first the products are %q", lines)
				}
				fitsWidth(t, ctx, "the hotspot editor", size)
				testkit.Must(t, chromedp.Do(ctx,
					chromedp.Click(chromedp.ID("save-details")),
					chromedp.WaitVisible(chromedp.ID("flash")),
					chromedp.WaitVisible(chromedp.CSS(`#hotspot-list li:nth-child(2)`)),
				))
				lines = strings.Split(strings.TrimSpace(value(t, ctx, "products")), "\n")
				if len(lines) != 2 || !near(lines[0], "sku-top", 400, 800) || !near(lines[1], "sku-bag", 700, 300) {
					t.Fatalf("after saving the hotspots read %q", lines)
				}
				markers, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#hotspot-stage .hotspot-marker").length`))
				testkit.Must(t, err)
				if markers != 2 {
					t.Fatalf("the saved outfit shows %d markers on its image, want 2", markers)
				}
				accessible(t, ctx, "the hotspot editor at "+n)
			}

			toChinese(t, ctx)
			for _, size := range sizes {
				testkit.Must(t, chromedp.Do(ctx, chromedp.EmulateViewport(size[0], size[1]), chromedp.Reload(), chromedp.WaitVisible(chromedp.ID("hotspot-list"))))
				wants(t, ctx, "preview-label", "预览")
				wants(t, ctx, "title-count", "最多 100 字")
				wants(t, ctx, "hotspot-list", "放到图上")
				fitsWidth(t, ctx, "the Chinese editor", size)
			}
		})
	}
}
