// Command recompute re-computes every amount of a creator's earnings
// statement (GET /api/v1/earnings.csv) to the fen, from the statement
// alone, and reports each line that does not match. It is published so
// that anyone can check what Helio paid them; it shares no code with the
// server beyond the statement's format:
//
//	commission = (paid − refunded) × rate_bp / 10000, to the nearest fen,
//	             half a fen up
//	the click  = clicked_at within attribution_days before paid_at (else
//	             the order should not have been attributed)
//	late       = a grocery-scene order paid more than grocery_link_days
//	             after the content's push (pushed_at); the statement's
//	             late_grocery must say the same
//	ratio      = base_ratio, or for a late grocery order the base ratio
//	             with the creator keeping late_pct percent of its part and
//	             the platform taking the rest (reduced to lowest terms)
//	shares     = commission split by ratio, each part rounded down and the
//	             fen left over given one by one to the largest remainders,
//	             ties to the earlier of network, platform, creator
//	organization = for a creator bound to an organization at the payment
//	             (org_share_bp set), the creator's part split the same way
//	             by [10000 − org_share_bp, org_share_bp]: the creator keeps
//	             the first, the organization gets the second (a tie to
//	             the creator)
//
// and for each reward-pool share (a line of kind pool_share):
//
//	score      = clicks × w_clicks + shoppers × w_shoppers
//	             + orders × w_orders + ⌊sales / 100⌋ × w_sales_per_yuan
//	pool_share = pool split by pool_scores (every score of the
//	             distribution, in its order) the same largest-remainder
//	             way, the part at pool_index; it is the line's creator
//	             amount
//
// Usage: go run ./tools/recompute < earnings.csv
package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math/big"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"
)

func main() {
	n, err := recompute(os.Stdin, os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "recompute:", err)
		os.Exit(1)
	}
	fmt.Printf("%d lines re-computed, every amount matches\n", n)
}

// recompute checks every line of the statement read from r, writing one
// report line per mismatch to w, and answers how many lines it checked; an
// error when any line does not match.
func recompute(r io.Reader, w io.Writer) (int, error) {
	rows, err := csv.NewReader(r).ReadAll()
	if err != nil {
		return 0, err
	}
	if len(rows) == 0 {
		return 0, errors.New("empty statement")
	}
	col := map[string]int{}
	for i, name := range rows[0] {
		col[name] = i
	}
	for _, need := range []string{"order_id", "line_id", "scene", "clicked_at", "paid_at", "pushed_at", "paid", "refunded", "rate_bp",
		"base_ratio", "late_grocery", "late_pct", "attribution_days", "grocery_link_days", "ratio", "commission", "network",
		"platform", "creator"} {
		if _, ok := col[need]; !ok {
			return 0, fmt.Errorf("the statement has no %s column", need)
		}
	}
	bad := 0
	for _, row := range rows[1:] {
		get := func(name string) string {
			if i, ok := col[name]; ok {
				return row[i]
			}
			return ""
		}
		num := func(name string) int64 {
			n, perr := strconv.ParseInt(get(name), 10, 64)
			if perr != nil && err == nil {
				err = fmt.Errorf("order %s line %s: %s %q is not an integer", get("order_id"), get("line_id"), name, get(name))
			}
			return n
		}
		if get("kind") == "pool_share" {
			ok, perr := poolShare(get, num, w)
			if perr != nil {
				return 0, perr
			}
			if err != nil {
				return 0, err
			}
			if !ok {
				bad++
			}
			continue
		}
		late, problem := decisions(get, num)
		if err != nil {
			return 0, err
		}
		if problem != "" {
			bad++
			fmt.Fprintf(w, "order %s line %s: %s\n", get("order_id"), get("line_id"), problem)
			continue
		}
		base := parseRatio(get("base_ratio"))
		ratio := base
		if late {
			ratio = lateRatio(base, num("late_pct"))
		}
		commission := nearest(num("paid")-num("refunded"), num("rate_bp"), 10000)
		parts := largestRemainder(commission, ratio)
		want := []int64{commission, parts[0], parts[1], parts[2]}
		got := []int64{num("commission"), num("network"), num("platform"), num("creator")}
		if get("org_share_bp") != "" {
			bp := num("org_share_bp")
			split := largestRemainder(parts[2], []int64{10000 - bp, bp})
			want = append(want[:3], split[0], split[1])
			got = append(got, num("organization"))
		}
		if err != nil {
			return 0, err
		}
		if format(ratio) != get("ratio") || fmt.Sprint(want) != fmt.Sprint(got) {
			bad++
			fmt.Fprintf(w, "order %s line %s: statement %s %v, re-computed %s %v\n", get("order_id"), get("line_id"),
				get("ratio"), got, format(ratio), want)
		}
	}
	if bad > 0 {
		return len(rows) - 1, fmt.Errorf("%d of %d lines do not match", bad, len(rows)-1)
	}
	return len(rows) - 1, nil
}

// decisions re-derives an order line's rule decisions from its times and
// the rule version's days: whether the click was inside the attribution
// window, and whether the order was a late grocery order. It answers the
// late flag, and what is wrong when the click is outside the window or the
// statement's late_grocery says otherwise.
func decisions(get func(string) string, num func(string) int64) (late bool, problem string) {
	day := 24 * time.Hour
	paid, perr := time.Parse(time.RFC3339Nano, get("paid_at"))
	clicked, cerr := time.Parse(time.RFC3339Nano, get("clicked_at"))
	if perr != nil || cerr != nil {
		return false, fmt.Sprintf("paid_at %q or clicked_at %q is not a time", get("paid_at"), get("clicked_at"))
	}
	if window := time.Duration(num("attribution_days")) * day; clicked.After(paid) || paid.Sub(clicked) > window {
		return false, fmt.Sprintf("the click at %s is outside the %d-day window before the payment at %s", get("clicked_at"),
			num("attribution_days"), get("paid_at"))
	}
	if get("scene") == "grocery" {
		pushed, err := time.Parse(time.RFC3339Nano, get("pushed_at"))
		if err != nil {
			return false, fmt.Sprintf("pushed_at %q is not a time", get("pushed_at"))
		}
		late = paid.Sub(pushed) > time.Duration(num("grocery_link_days"))*day
	}
	if stated := get("late_grocery") == "true"; stated != late {
		return late, fmt.Sprintf("late_grocery says %v, but paid %s after the push at %s with grocery_link_days %d makes it %v",
			stated, get("paid_at"), get("pushed_at"), num("grocery_link_days"), late)
	}
	return late, ""
}

// poolShare re-computes a pool-share line's score and amount, writing a
// report line to w when either differs from the statement.
func poolShare(get func(string) string, num func(string) int64, w io.Writer) (bool, error) {
	var scores []int64
	for _, f := range strings.Split(get("pool_scores"), ";") {
		n, err := strconv.ParseInt(f, 10, 64)
		if err != nil || n <= 0 {
			return false, fmt.Errorf("pool share %s of %s: pool_scores %q are not positive integers", get("content_id"),
				get("distribution_id"), get("pool_scores"))
		}
		scores = append(scores, n)
	}
	index := num("pool_index")
	if index < 0 || index >= int64(len(scores)) {
		return false, fmt.Errorf("pool share %s of %s: pool_index %d is outside pool_scores", get("content_id"),
			get("distribution_id"), index)
	}
	score := num("clicks")*num("w_clicks") + num("shoppers")*num("w_shoppers") + num("orders")*num("w_orders") +
		num("sales")/100*num("w_sales_per_yuan")
	amount := largestRemainder(num("pool"), scores)[index]
	want := []int64{score, score, amount, amount}
	got := []int64{num("score"), scores[index], num("pool_share"), num("creator")}
	if fmt.Sprint(want) != fmt.Sprint(got) {
		fmt.Fprintf(w, "pool share %s of %s: statement score, its pool score, share, creator %v, re-computed %v\n",
			get("content_id"), get("distribution_id"), got, want)
		return false, nil
	}
	return true, nil
}

func parseRatio(s string) []int64 {
	var out []int64
	for _, p := range strings.Split(s, ":") {
		n, _ := strconv.ParseInt(p, 10, 64)
		out = append(out, n)
	}
	for len(out) < 3 {
		out = append(out, 0)
	}
	return out
}

func format(r []int64) string { return fmt.Sprintf("%d:%d:%d", r[0], r[1], r[2]) }

// lateRatio is network×100 : platform×100 + creator×(100−pct) :
// creator×pct, reduced by the greatest common divisor.
func lateRatio(r []int64, pct int64) []int64 {
	out := []int64{r[0] * 100, r[1]*100 + r[2]*(100-pct), r[2] * pct}
	g := new(big.Int).GCD(nil, nil, big.NewInt(out[0]), big.NewInt(out[1]))
	g.GCD(nil, nil, g, big.NewInt(out[2]))
	if d := g.Int64(); d > 1 {
		for i := range out {
			out[i] /= d
		}
	}
	return out
}

// nearest is a×b/c rounded to the nearest integer, halves up, computed in
// big integers (a, b, c ≥ 0).
func nearest(a, b, c int64) int64 {
	num := new(big.Int).Mul(big.NewInt(a), big.NewInt(b))
	num.Mul(num, big.NewInt(2)).Add(num, big.NewInt(c))
	return num.Quo(num, big.NewInt(2*c)).Int64()
}

// largestRemainder splits total by ratio: floors first, then one unit each
// to the largest remainders, earlier parts first on ties.
func largestRemainder(total int64, ratio []int64) []int64 {
	var sum int64
	for _, r := range ratio {
		sum += r
	}
	parts := make([]int64, len(ratio))
	type rem struct {
		i int
		r *big.Int
	}
	rems := make([]rem, len(ratio))
	left := total
	for i, r := range ratio {
		q, m := new(big.Int).QuoRem(new(big.Int).Mul(big.NewInt(total), big.NewInt(r)), big.NewInt(sum), new(big.Int))
		parts[i], rems[i] = q.Int64(), rem{i, m}
		left -= parts[i]
	}
	sort.SliceStable(rems, func(a, b int) bool { return rems[a].r.Cmp(rems[b].r) > 0 })
	for k := int64(0); k < left; k++ {
		parts[rems[k].i]++
	}
	return parts
}
