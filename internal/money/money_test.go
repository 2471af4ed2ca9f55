package money_test

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/helio-platform/helio/internal/money"
)

func TestAmountJSON(t *testing.T) {
	t.Parallel()
	raw, err := json.Marshal(money.New(12345, "CNY"))
	if err != nil {
		t.Fatal(err)
	}
	if string(raw) != `{"amount":12345,"currency":"CNY"}` {
		t.Fatalf("JSON = %s", raw)
	}
	var back money.Amount
	if err := json.Unmarshal(raw, &back); err != nil || back != money.New(12345, "CNY") {
		t.Fatalf("round trip = %+v, %v", back, err)
	}
}

func TestAddSub(t *testing.T) {
	t.Parallel()
	a, b := money.New(1050, "CNY"), money.New(-2075, "CNY")
	if s, err := a.Add(b); err != nil || s != money.New(-1025, "CNY") {
		t.Fatalf("Add = %v, %v", s, err)
	}
	if d, err := a.Sub(b); err != nil || d != money.New(3125, "CNY") {
		t.Fatalf("Sub = %v, %v", d, err)
	}
	if _, err := a.Add(money.New(1, "USD")); !errors.Is(err, money.ErrCurrencyMismatch) {
		t.Fatalf("Add across currencies = %v", err)
	}
	if _, err := a.Sub(money.New(1, "USD")); !errors.Is(err, money.ErrCurrencyMismatch) {
		t.Fatalf("Sub across currencies = %v", err)
	}
	for _, tc := range []struct {
		a, b int64
		add  bool
	}{
		{math.MaxInt64, 1, true}, {math.MinInt64, -1, true},
		{math.MinInt64, 1, false}, {math.MaxInt64, -1, false}, {0, math.MinInt64, false},
	} {
		x, y := money.New(tc.a, "CNY"), money.New(tc.b, "CNY")
		var err error
		if tc.add {
			_, err = x.Add(y)
		} else {
			_, err = x.Sub(y)
		}
		if !errors.Is(err, money.ErrOverflow) {
			t.Errorf("%d %v %d: err = %v, want ErrOverflow", tc.a, map[bool]string{true: "+", false: "-"}[tc.add], tc.b, err)
		}
	}
	if s, err := money.New(math.MaxInt64, "CNY").Add(money.New(math.MinInt64, "CNY")); err != nil || s.Minor != -1 {
		t.Fatalf("MaxInt64 + MinInt64 = %v, %v", s, err)
	}
}

func TestString(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		a    money.Amount
		want string
	}{
		{money.New(12345, "CNY"), "CNY 123.45"},
		{money.New(5, "USD"), "USD 0.05"},
		{money.New(-50, "EUR"), "EUR -0.50"},
		{money.New(0, "CNY"), "CNY 0.00"},
		{money.New(500, "JPY"), "JPY 500"},
		{money.New(-7, "JPY"), "JPY -7"},
		{money.New(123, "GBP"), "GBP 1.23"},
		{money.New(math.MinInt64, "CNY"), "CNY -92233720368547758.08"},
	} {
		if got := tc.a.String(); got != tc.want {
			t.Errorf("%#v.String() = %q, want %q", tc.a, got, tc.want)
		}
	}
}

func TestAllocateTable(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		total  int64
		ratios []int64
		want   []int64
	}{
		{100, []int64{1, 3, 6}, []int64{10, 30, 60}},
		{1, []int64{1, 1}, []int64{1, 0}},
		{-1, []int64{1, 1}, []int64{-1, 0}},
		// 10.1, 40.4, 50.5: the spare unit goes to the largest remainder.
		{101, []int64{1, 4, 5}, []int64{10, 40, 51}},
		{10, []int64{1, 1, 1}, []int64{4, 3, 3}},
		{-10, []int64{1, 1, 1}, []int64{-4, -3, -3}},
		{0, []int64{2, 5}, []int64{0, 0}},
		{7, []int64{0, 3, 0}, []int64{0, 7, 0}},
		{5, []int64{0, 1, 1, 0}, []int64{0, 3, 2, 0}},
		// 30% / 70% in parts per million of a large total.
		{1_000_000_000_000_001, []int64{300_000, 700_000}, []int64{300_000_000_000_000, 700_000_000_000_001}},
		{math.MaxInt64, []int64{1}, []int64{math.MaxInt64}},
		{math.MinInt64, []int64{1}, []int64{math.MinInt64}},
		{math.MinInt64, []int64{1, 1}, []int64{math.MinInt64 / 2, math.MinInt64 / 2}},
		{math.MaxInt64, []int64{math.MaxInt64, math.MaxInt64}, []int64{math.MaxInt64/2 + 1, math.MaxInt64 / 2}},
	} {
		got, err := money.Allocate(tc.total, tc.ratios)
		if err != nil || !slices.Equal(got, tc.want) {
			t.Errorf("Allocate(%d, %v) = %v, %v; want %v", tc.total, tc.ratios, got, err, tc.want)
		}
	}
}

func TestAllocateRefusesBadRatios(t *testing.T) {
	t.Parallel()
	for _, ratios := range [][]int64{nil, {}, {1, -1}, {0, 0}, {math.MaxInt64, math.MaxInt64, math.MaxInt64}} {
		if got, err := money.Allocate(100, ratios); err == nil {
			t.Errorf("Allocate(100, %v) = %v, want an error", ratios, got)
		}
	}
}

// checkAllocation verifies Allocate's promises against exact rational
// arithmetic.
func checkAllocation(t *testing.T, total int64, ratios []int64) {
	t.Helper()
	parts, err := money.Allocate(total, ratios)
	if err != nil {
		t.Fatalf("Allocate(%d, %v): %v", total, ratios, err)
	}
	if len(parts) != len(ratios) {
		t.Fatalf("Allocate(%d, %v) returned %d parts", total, ratios, len(parts))
	}
	sum := new(big.Int)
	ratioSum := new(big.Int)
	for _, r := range ratios {
		ratioSum.Add(ratioSum, big.NewInt(r))
	}
	one := big.NewRat(1, 1)
	for i, p := range parts {
		sum.Add(sum, big.NewInt(p))
		share := new(big.Rat).SetFrac(new(big.Int).Mul(big.NewInt(total), big.NewInt(ratios[i])), ratioSum)
		diff := new(big.Rat).Sub(new(big.Rat).SetInt64(p), share)
		if diff.Abs(diff).Cmp(one) >= 0 {
			t.Fatalf("Allocate(%d, %v) part %d = %d, exact share %s", total, ratios, i, p, share.FloatString(3))
		}
		if (p > 0 && total < 0) || (p < 0 && total > 0) {
			t.Fatalf("Allocate(%d, %v) part %d = %d has the wrong sign", total, ratios, i, p)
		}
	}
	if sum.Cmp(big.NewInt(total)) != 0 {
		t.Fatalf("Allocate(%d, %v) = %v adds up to %s", total, ratios, parts, sum)
	}
}

// ratiosFrom turns fuzz bytes into up to 64 ratios of at most 1e6 each.
func ratiosFrom(raw []byte) []int64 {
	var out []int64
	for len(raw) >= 4 && len(out) < 64 {
		out = append(out, int64(binary.LittleEndian.Uint32(raw)%1_000_001))
		raw = raw[4:]
	}
	return out
}

func FuzzAllocate(f *testing.F) {
	seed := func(ratios ...uint32) []byte {
		var b []byte
		for _, r := range ratios {
			b = binary.LittleEndian.AppendUint32(b, r)
		}
		return b
	}
	f.Add(int64(100), seed(1, 3, 6))
	f.Add(int64(101), seed(1, 4, 5))
	f.Add(int64(-1), seed(1, 1))
	f.Add(int64(1_000_000_000_000_000), seed(300_000, 700_000))
	f.Add(int64(-999_999_999_999_999), seed(1_000_000, 1, 0, 999_999))
	f.Add(int64(math.MaxInt64), seed(1_000_000, 1_000_000, 1_000_000))
	f.Add(int64(math.MinInt64), seed(3, 7))
	f.Fuzz(func(t *testing.T, total int64, raw []byte) {
		ratios := ratiosFrom(raw)
		if len(ratios) == 0 || !slices.ContainsFunc(ratios, func(r int64) bool { return r > 0 }) {
			if _, err := money.Allocate(total, ratios); err == nil {
				t.Fatalf("Allocate(%d, %v) accepted", total, ratios)
			}
			return
		}
		checkAllocation(t, total, ratios)
	})
}

func TestAllocateProperties(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(20260302, 1))
	for range 10_000 {
		total := rng.Int64N(2_000_000_000_000_001) - 1_000_000_000_000_000
		ratios := make([]int64, 1+rng.IntN(12))
		for i := range ratios {
			if rng.IntN(5) > 0 {
				ratios[i] = rng.Int64N(1_000_001)
			}
		}
		if !slices.ContainsFunc(ratios, func(r int64) bool { return r > 0 }) {
			ratios[0] = 1
		}
		checkAllocation(t, total, ratios)
	}
}
