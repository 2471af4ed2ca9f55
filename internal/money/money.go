// Package money handles amounts of money as integer minor units (fen, cents)
// with their currency, and splits them exactly. Money never touches floating
// point: an Amount is an int64 count of the currency's smallest unit, and
// Allocate divides a total by integer ratios (basis points, parts per
// million) so that the parts always add up to the total.
package money

import (
	"errors"
	"fmt"
	"math/bits"
	"slices"
	"strconv"
	"strings"
)

// Errors returned by arithmetic on amounts.
var (
	// ErrCurrencyMismatch refuses arithmetic between different currencies.
	ErrCurrencyMismatch = errors.New("money: currencies differ")
	// ErrOverflow refuses a result outside the int64 range of minor units.
	ErrOverflow = errors.New("money: amount out of range")
)

// Amount is a sum of money in minor units of Currency (an ISO 4217 code).
// Its JSON form is API.md's {"amount": 12345, "currency": "CNY"}.
type Amount struct {
	Minor    int64  `json:"amount"`
	Currency string `json:"currency"`
}

// New returns minor units of currency as an Amount.
func New(minor int64, currency string) Amount {
	return Amount{Minor: minor, Currency: currency}
}

// Add returns a+b. It refuses amounts in different currencies and sums that
// overflow.
func (a Amount) Add(b Amount) (Amount, error) {
	if a.Currency != b.Currency {
		return Amount{}, fmt.Errorf("%w: %s + %s", ErrCurrencyMismatch, a.Currency, b.Currency)
	}
	s := a.Minor + b.Minor
	// Overflow happened when both operands share a sign the sum lacks.
	if (a.Minor >= 0) == (b.Minor >= 0) && (s >= 0) != (a.Minor >= 0) {
		return Amount{}, ErrOverflow
	}
	return Amount{Minor: s, Currency: a.Currency}, nil
}

// Sub returns a-b. It refuses amounts in different currencies and
// differences that overflow.
func (a Amount) Sub(b Amount) (Amount, error) {
	if a.Currency != b.Currency {
		return Amount{}, fmt.Errorf("%w: %s - %s", ErrCurrencyMismatch, a.Currency, b.Currency)
	}
	d := a.Minor - b.Minor
	// Overflow happened when the operands' signs differ and the result's
	// sign is not a's.
	if (a.Minor >= 0) != (b.Minor >= 0) && (d >= 0) != (a.Minor >= 0) {
		return Amount{}, ErrOverflow
	}
	return Amount{Minor: d, Currency: a.Currency}, nil
}

// exponents holds the number of minor-unit digits of the currencies Helio
// deals in.
var exponents = map[string]int{"CNY": 2, "USD": 2, "EUR": 2, "JPY": 0}

// Exponent returns how many decimal digits currency's minor unit has; 2 for
// currencies not in the table, the most common case.
func Exponent(currency string) int {
	if e, ok := exponents[currency]; ok {
		return e
	}
	return 2
}

// String renders the amount for people and logs, like "CNY 123.45" or
// "JPY -500".
func (a Amount) String() string {
	abs := uint64(a.Minor)
	sign := ""
	if a.Minor < 0 {
		abs = -abs // two's complement: also right for math.MinInt64
		sign = "-"
	}
	digits := strconv.FormatUint(abs, 10)
	exp := Exponent(a.Currency)
	if exp == 0 {
		return a.Currency + " " + sign + digits
	}
	if len(digits) <= exp {
		digits = strings.Repeat("0", exp-len(digits)+1) + digits
	}
	cut := len(digits) - exp
	return a.Currency + " " + sign + digits[:cut] + "." + digits[cut:]
}

// Allocate splits total into len(ratios) parts proportional to ratios, by
// the largest-remainder method: each part is first rounded down, and the
// units left over go one each to the parts with the largest remainders,
// earlier parts first on ties. The parts always add up to total exactly, each
// is within one unit of its exact share, and a part with ratio 0 gets 0. A
// negative total (a refund) is split as its absolute value and negated, so
// that refunds mirror charges. Ratios must be non-negative and not all zero;
// their sum must fit in 64 bits.
func Allocate(total int64, ratios []int64) ([]int64, error) {
	if len(ratios) == 0 {
		return nil, errors.New("money: allocate: no ratios")
	}
	var sum uint64
	for i, r := range ratios {
		if r < 0 {
			return nil, fmt.Errorf("money: allocate: ratio %d is negative", i)
		}
		var carry uint64
		sum, carry = bits.Add64(sum, uint64(r), 0)
		if carry != 0 {
			return nil, errors.New("money: allocate: ratios too large")
		}
	}
	if sum == 0 {
		return nil, errors.New("money: allocate: all ratios are zero")
	}
	abs := uint64(total)
	if total < 0 {
		abs = -abs // two's complement: also right for math.MinInt64
	}
	parts := make([]uint64, len(ratios))
	rems := make([]uint64, len(ratios))
	left := abs
	for i, r := range ratios {
		// abs·r fits in 128 bits, and its high word is below sum (abs ≤ 2^63
		// and r ≤ sum), so the division cannot overflow.
		hi, lo := bits.Mul64(abs, uint64(r))
		parts[i], rems[i] = bits.Div64(hi, lo, sum)
		left -= parts[i]
	}
	// left is below len(ratios): the remainders add up to left·sum and each
	// is below sum.
	order := make([]int, len(ratios))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case rems[a] > rems[b]:
			return -1
		case rems[a] < rems[b]:
			return 1
		}
		return 0
	})
	for _, i := range order[:left] {
		parts[i]++
	}
	out := make([]int64, len(parts))
	for i, p := range parts {
		if total < 0 {
			p = -p
		}
		out[i] = int64(p)
	}
	return out, nil
}
