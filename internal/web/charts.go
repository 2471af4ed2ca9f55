package web

import (
	"strconv"

	"github.com/helio-platform/helio/internal/analytics"
	"github.com/helio-platform/helio/internal/i18n"
	"github.com/helio-platform/helio/internal/money"
)

// trendChart is one figure of a dashboard over its days, drawn server-side
// as SVG bars (one per day, stacked when the figure has parts) with the
// same numbers in a table for screen readers and for reading exact values.
type trendChart struct {
	ID string
	// Title names the figure; Headline is its total over the window.
	Title, Headline string
	Bars            []svgBar
	// Ticks label the first, middle and last day under the bars (Class is
	// the text anchor).
	Ticks []svgBar
	Width int
	// Keys name the stacked parts (their classes and labels), when more
	// than one.
	Keys []svgBar
	// Columns head the table after the day; each row is one day.
	Columns []string
	Rows    []chartRow
}

// chartRow is one day of a chart's table.
type chartRow struct {
	Day    string
	Values []string
}

// chartPart is one stacked part of a figure: its class, label and value
// of a day.
type chartPart struct {
	class string
	label i18n.Text
	value func(analytics.Figures) int64
}

// chart geometry of the trend charts, in SVG units: the plot is trendWidth
// wide whatever the days, so 7 bars are wide and 90 thin.
const (
	trendWidth  = 720
	trendHeight = 120
)

// dashboardData is a series drawn as charts, with the window's switch.
type dashboardData struct {
	Days   int
	Ranges []int
	// Link is the page the range switch links to (days appended).
	Link   string
	Charts []trendChart
	Empty  bool
	Series analytics.Series
}

// newDashboard draws the charts of s over days: followers (on an
// account's dashboard), views, interactions and, when s carries them,
// earnings.
func newDashboard(l i18n.Lang, s analytics.Series, days int, link string, followers bool) dashboardData {
	d := dashboardData{Days: days, Ranges: analytics.Ranges, Link: link, Empty: s.Empty(), Series: s}
	count := func(n int64) string { return strconv.FormatInt(n, 10) }
	fen := func(n int64) string { return money.New(n, analytics.Currency).String() }
	if followers {
		d.Charts = append(d.Charts, drawTrend(l, "followers", i18n.T("Followers gained"), s.Days, count,
			[]chartPart{{"gained", i18n.T("Gained"), func(f analytics.Figures) int64 { return int64(f.FollowersGained) }}},
			i18n.T("+%d, %d in total", s.Totals.FollowersGained, s.Totals.FollowersTotal),
			[]chartColumn{{i18n.T("Followers at the day's end"), func(f analytics.Figures) string { return count(int64(f.FollowersTotal)) }}}))
	}
	d.Charts = append(d.Charts, drawTrend(l, "views", i18n.T("Views"), s.Days, count,
		[]chartPart{{"views", i18n.T("Views"), func(f analytics.Figures) int64 { return int64(f.Views) }}},
		i18n.T("%d views, %d in total", s.Totals.Views, s.Totals.ViewsTotal), nil))
	d.Charts = append(d.Charts, drawTrend(l, "interactions", i18n.T("Interactions"), s.Days, count,
		[]chartPart{
			{"likes", i18n.T("Likes"), func(f analytics.Figures) int64 { return int64(f.Likes) }},
			{"favourites", i18n.T("Favourites"), func(f analytics.Figures) int64 { return int64(f.Favourites) }},
			{"comments", i18n.T("Comments"), func(f analytics.Figures) int64 { return int64(f.Comments) }},
			{"shares", i18n.T("Shares"), func(f analytics.Figures) int64 { return int64(f.Shares) }},
		}, i18n.T("%d interactions", s.Totals.Interactions()), nil))
	if s.Earnings {
		d.Charts = append(d.Charts, drawTrend(l, "earnings", i18n.T("Earnings"), s.Days, fen,
			[]chartPart{
				{"settled", i18n.T("Settled"), func(f analytics.Figures) int64 { return f.EarningsSettled }},
				{"pending", i18n.T("Pending"), func(f analytics.Figures) int64 { return f.EarningsPending }},
			}, i18n.T("%s settled, %s pending", fen(s.Totals.EarningsSettled), fen(s.Totals.EarningsPending)), nil))
	}
	return d
}

// chartColumn is a further column of a chart's table.
type chartColumn struct {
	label i18n.Text
	value func(analytics.Figures) string
}

// drawTrend draws one figure: a bar per day stacking parts, the table
// with a column per part (and a total when there are several) and extra.
func drawTrend(l i18n.Lang, id string, title i18n.Text, days []analytics.Figures, format func(int64) string,
	parts []chartPart, headline i18n.Text, extra []chartColumn) trendChart {
	c := trendChart{ID: id, Title: title.In(l), Headline: headline.In(l), Width: trendWidth}
	var top int64 = 1
	for _, f := range days {
		var sum int64
		for _, p := range parts {
			sum += p.value(f)
		}
		top = max(top, sum)
	}
	for _, p := range parts {
		c.Columns = append(c.Columns, p.label.In(l))
	}
	if len(parts) > 1 {
		c.Columns = append(c.Columns, i18n.T("Total").In(l))
		for _, p := range parts {
			c.Keys = append(c.Keys, svgBar{Class: p.class, Title: p.label.In(l)})
		}
	}
	for _, x := range extra {
		c.Columns = append(c.Columns, x.label.In(l))
	}
	slot := trendWidth / max(len(days), 1)
	bar := max(slot*3/4, 1)
	for i, f := range days {
		x, y := i*slot+(slot-bar)/2, trendHeight
		row := chartRow{Day: f.Day}
		var sum int64
		for _, p := range parts {
			v := p.value(f)
			sum += v
			row.Values = append(row.Values, format(v))
			if v <= 0 {
				continue
			}
			h := max(1, int(v*trendHeight/top))
			y -= h
			c.Bars = append(c.Bars, svgBar{X: x, Y: y, W: bar, H: h, Class: p.class, Title: f.Day + " " + p.label.In(l) + ": " + format(v)})
		}
		if len(parts) > 1 {
			row.Values = append(row.Values, format(sum))
		}
		for _, e := range extra {
			row.Values = append(row.Values, e.value(f))
		}
		c.Rows = append(c.Rows, row)
		switch i {
		case 0:
			c.Ticks = append(c.Ticks, svgBar{X: x, Y: trendHeight + 16, Class: "start", Title: f.Day[5:]})
		case len(days) / 2:
			c.Ticks = append(c.Ticks, svgBar{X: x + bar/2, Y: trendHeight + 16, Class: "middle", Title: f.Day[5:]})
		case len(days) - 1:
			c.Ticks = append(c.Ticks, svgBar{X: x + bar, Y: trendHeight + 16, Class: "end", Title: f.Day[5:]})
		}
	}
	return c
}
