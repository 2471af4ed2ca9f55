package account

import (
	"strings"
	"time"

	"github.com/helio-platform/helio/internal/i18n"
)

// chinaTime is the zone in which a birthday begins (UTC+8, no daylight saving).
var chinaTime = time.FixedZone("CST", 8*3600)

// idWeights are the ISO 7064 MOD 11-2 weights of the first 17 digits of a
// mainland resident ID number (GB 11643-1999).
var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// idCheck maps the weighted sum modulo 11 to the check character.
const idCheck = "10X98765432"

// ParseResidentID checks an 18-character mainland resident ID number — its
// digits, its birth date and its MOD 11-2 check character — and returns the
// normalised number (upper-case X) and the date of birth. reason is empty
// when the number is valid, else says what is wrong.
func ParseResidentID(s string, now time.Time) (number string, birth time.Time, reason i18n.Text) {
	s = strings.ToUpper(strings.TrimSpace(s))
	if len(s) != 18 {
		return "", time.Time{}, i18n.T("must be an 18-character resident ID number")
	}
	sum := 0
	for i := 0; i < 17; i++ {
		if s[i] < '0' || s[i] > '9' {
			return "", time.Time{}, i18n.T("must be 17 digits followed by a digit or X")
		}
		sum += int(s[i]-'0') * idWeights[i]
	}
	if s[17] != idCheck[sum%11] {
		return "", time.Time{}, i18n.T("is not a valid resident ID number (the check digit does not match)")
	}
	birth, err := time.ParseInLocation("20060102", s[6:14], chinaTime)
	if err != nil || birth.Year() < 1900 || birth.After(now) {
		return "", time.Time{}, i18n.T("holds no valid date of birth")
	}
	return s, birth, i18n.Text{}
}

// AgeOn returns the age in whole years on the day of now (in China time) of
// someone born on birth: the age goes up on the birthday itself, and on
// 1 March in common years for those born on 29 February.
func AgeOn(birth, now time.Time) int {
	now = now.In(chinaTime)
	age := now.Year() - birth.Year()
	if now.Month() < birth.Month() || (now.Month() == birth.Month() && now.Day() < birth.Day()) {
		age--
	}
	return age
}

// creditCodeChars are the 31 characters of a unified social credit code
// (GB 32100-2015: digits and upper-case letters without I, O, Z, S, V).
const creditCodeChars = "0123456789ABCDEFGHJKLMNPQRTUWXY"

var creditCodeWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// ParseCreditCode checks an enterprise's 18-character unified social credit
// code and its check character (GB 32100-2015, MOD 31) and returns it
// upper-cased. reason is empty when valid, else says what is wrong.
func ParseCreditCode(s string) (code string, reason i18n.Text) {
	s = strings.ToUpper(strings.TrimSpace(s))
	if len(s) != 18 {
		return "", i18n.T("must be an 18-character unified social credit code")
	}
	sum := 0
	for i := 0; i < 18; i++ {
		v := strings.IndexByte(creditCodeChars, s[i])
		if v < 0 {
			return "", i18n.T("may hold only digits and the letters A–Y except I, O, S, V and Z")
		}
		if i < 17 {
			sum += v * creditCodeWeights[i]
		}
	}
	if s[17] != creditCodeChars[(31-sum%31)%31] {
		return "", i18n.T("is not a valid unified social credit code (the check character does not match)")
	}
	return s, i18n.Text{}
}

// MaskID shows the first and last characters of an ID or licence number
// only (such as 110***********002X).
func MaskID(s string) string {
	if len(s) < 8 {
		return strings.Repeat("*", len(s))
	}
	return s[:3] + strings.Repeat("*", len(s)-7) + s[len(s)-4:]
}
