// Package ledger is Helio's book of money: double-entry, append-only,
// hash-chained postings (SPEC §9). Commission uses it for the splits of
// affiliate commission, the task marketplace for escrow.
//
// An Entry moves money between named accounts: each of its Lines adds an
// amount (in minor units) to one account, and the lines of an entry add up to
// zero in every currency, so money is never created or lost. Rows are only
// ever inserted: a correction is a new, compensating entry. Entries form one
// chain: each stores the hash of the entry before it and its own SHA-256
// over a canonical encoding of itself (Entry.canonical), so that Verify
// finds any row edited, removed or inserted behind the ledger's back.
// Appends are serialised by one head row, locked by the first append of a
// transaction (FOR UPDATE on PostgreSQL; SQLite has a single writer) and
// held to its end, which also makes a caller's read-decide-post sequence
// atomic (Lock). A transaction's entries are written just before it
// commits, in a few multi-row statements, with the head row moved once.
//
// The package is a platform package: it imports no domain and checks no
// permission; the domain that posts decides who may.
package ledger

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/helio-platform/helio/internal/money"
)

// The platform's own accounts.
const (
	// Network is the ad network's share (阿里妈妈).
	Network = "network"
	// Platform is Helio's operator's share.
	Platform = "platform"
)

// Buckets of a creator's account: commission is pending until a settlement
// run settles it, or records it as not payable for a creator below the
// settlement level.
const (
	Pending    = "pending"
	NotPayable = "not_payable"
	Settled    = "settled"
)

// SandboxPrefix starts every account of sandbox money, which never mixes
// with real balances.
const SandboxPrefix = "sandbox:"

// GenesisHash is the previous hash of the first entry.
const GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000"

// Creator names a creator's bucket account, like creator:<id>:pending.
func Creator(id, bucket string) string { return "creator:" + id + ":" + bucket }

// Pool names the reward pool of a channel for a period, like
// pool:headlines:2026-03.
func Pool(channel, period string) string { return "pool:" + channel + ":" + period }

// Merchant names the account a merchant pays commission from.
func Merchant(id string) string { return "merchant:" + id }

// Escrow names the account holding the money of one escrowed order.
func Escrow(id string) string { return "escrow:" + id }

// Organization names an organization's (MCN's) account.
func Organization(id string) string { return "organization:" + id }

// Sandbox names the sandbox twin of account.
func Sandbox(account string) string { return SandboxPrefix + account }

// accountShapes are the accepted account names: a fixed name, or a kind
// followed by the number of ':'-separated parts after it.
var accountShapes = map[string]int{Network: 0, Platform: 0, "creator": 2, "pool": 2, "merchant": 1, "escrow": 1, "organization": 1}

// ValidAccount reports whether name is an account of one of the shapes
// above, optionally in the sandbox.
func ValidAccount(name string) bool {
	parts := strings.Split(strings.TrimPrefix(name, SandboxPrefix), ":")
	n, ok := accountShapes[parts[0]]
	if !ok || len(parts) != n+1 {
		return false
	}
	for _, p := range parts[1:] {
		if p == "" {
			return false
		}
	}
	return parts[0] != "creator" || parts[2] == Pending || parts[2] == NotPayable || parts[2] == Settled
}

// Line adds Amount to Account (negative: takes it out). Detail is the
// poster's JSON explanation of the line (the rule version, ratio and
// rounding it came from).
type Line struct {
	Account string          `json:"account"`
	Amount  money.Amount    `json:"amount"`
	Detail  json.RawMessage `json:"detail,omitempty"`
}

// Entry is one posting of the chain.
type Entry struct {
	Seq      int64           `json:"seq"`
	ID       string          `json:"id"`
	Kind     string          `json:"kind"`
	Ref      string          `json:"ref"`
	Memo     json.RawMessage `json:"memo"`
	At       time.Time       `json:"at"`
	PrevHash string          `json:"prev_hash"`
	Hash     string          `json:"hash"`
	Lines    []Line          `json:"lines"`
}

// Posting is what a caller asks to append. Ref is its natural key: a
// posting whose Ref is already in the ledger is not appended again (Post
// answers the entry already there), which makes retried work idempotent.
type Posting struct {
	Kind  string
	Ref   string
	Memo  any
	Lines []Line
}

// canonicalLine and canonicalEntry are the encoding the hash covers: every
// stored column, in a fixed order, times in UTC with microseconds.
type canonicalLine struct {
	Account  string `json:"account"`
	Currency string `json:"currency"`
	Amount   int64  `json:"amount"`
	Detail   string `json:"detail"`
}

type canonicalEntry struct {
	Seq      int64           `json:"seq"`
	ID       string          `json:"id"`
	Kind     string          `json:"kind"`
	Ref      string          `json:"ref"`
	Memo     string          `json:"memo"`
	At       string          `json:"at"`
	PrevHash string          `json:"prev_hash"`
	Lines    []canonicalLine `json:"lines"`
}

// hashPrefix names the encoding, so that a later one can be told apart.
const hashPrefix = "helio-ledger-v1\n"

// ComputeHash returns the SHA-256 (hex) of e's canonical encoding: what e.Hash
// must hold.
func (e Entry) ComputeHash() string {
	c := canonicalEntry{Seq: e.Seq, ID: e.ID, Kind: e.Kind, Ref: e.Ref, Memo: string(e.Memo),
		At: e.At.UTC().Truncate(time.Microsecond).Format(time.RFC3339Nano), PrevHash: e.PrevHash}
	for _, l := range e.Lines {
		c.Lines = append(c.Lines, canonicalLine{Account: l.Account, Currency: l.Amount.Currency, Amount: l.Amount.Minor, Detail: string(l.Detail)})
	}
	b, _ := json.Marshal(c) // a struct of strings and integers always encodes
	sum := sha256.Sum256(append([]byte(hashPrefix), b...))
	return hex.EncodeToString(sum[:])
}

// Sums returns the total of e's lines per currency (all zero when balanced).
func Sums(lines []Line) map[string]int64 {
	out := map[string]int64{}
	for _, l := range lines {
		out[l.Amount.Currency] += l.Amount.Minor
	}
	return out
}

// IsZero reports whether every line moves nothing: such a posting is not
// worth an entry (Post refuses it).
func IsZero(lines []Line) bool {
	for _, l := range lines {
		if l.Amount.Minor != 0 {
			return false
		}
	}
	return true
}

// check validates a posting: known account names, one currency code per
// line, and zero sums per currency.
func (p Posting) check() error {
	if p.Kind == "" || p.Ref == "" {
		return fmt.Errorf("ledger: a posting needs a kind and a ref")
	}
	if IsZero(p.Lines) {
		return fmt.Errorf("ledger: posting %s moves nothing", p.Ref)
	}
	for _, l := range p.Lines {
		if !ValidAccount(l.Account) {
			return fmt.Errorf("ledger: posting %s: %q is not an account name", p.Ref, l.Account)
		}
		if len(l.Amount.Currency) != 3 {
			return fmt.Errorf("ledger: posting %s: %q is not a currency", p.Ref, l.Amount.Currency)
		}
		if strings.HasPrefix(l.Account, SandboxPrefix) != strings.HasPrefix(p.Lines[0].Account, SandboxPrefix) {
			return fmt.Errorf("ledger: posting %s mixes sandbox and real accounts", p.Ref)
		}
	}
	for cur, sum := range Sums(p.Lines) {
		if sum != 0 {
			return fmt.Errorf("ledger: posting %s is off by %d in %s", p.Ref, sum, cur)
		}
	}
	return nil
}

// Balance is what one account holds in one currency.
type Balance struct {
	Account string       `json:"account"`
	Amount  money.Amount `json:"amount"`
}

// Problem is one finding of Verify.
type Problem struct {
	Seq     int64  `json:"seq"`
	EntryID string `json:"entry_id"`
	Reason  string `json:"reason"`
}

// Report is the result of Verify.
type Report struct {
	OK       bool      `json:"ok"`
	Entries  int64     `json:"entries"`
	HeadHash string    `json:"head_hash"`
	Problems []Problem `json:"problems"`
}

// maxProblems bounds the findings Verify lists.
const maxProblems = 100

// verifier walks the chain entry by entry.
type verifier struct {
	report Report
	prev   Entry
}

func (v *verifier) problem(e Entry, format string, args ...any) {
	v.report.OK = false
	if len(v.report.Problems) < maxProblems {
		v.report.Problems = append(v.report.Problems, Problem{Seq: e.Seq, EntryID: e.ID, Reason: fmt.Sprintf(format, args...)})
	}
}

// add checks e against the entry before it.
func (v *verifier) add(e Entry) {
	want := v.prev.Seq + 1
	prevHash := v.prev.Hash
	if v.prev.Seq == 0 {
		prevHash = GenesisHash
	}
	if e.Seq != want {
		v.problem(e, "entries %d to %d are missing", want, e.Seq-1)
	}
	if e.PrevHash != prevHash {
		v.problem(e, "the previous hash does not match the entry before")
	}
	if got := e.ComputeHash(); got != e.Hash {
		v.problem(e, "the stored hash does not match the entry's content")
	}
	if len(e.Lines) == 0 {
		v.problem(e, "the entry has no lines")
	}
	for cur, sum := range Sums(e.Lines) {
		if sum != 0 {
			v.problem(e, "the lines are off by %d in %s", sum, cur)
		}
	}
	v.report.Entries++
	v.prev = e
}

// finish compares the walked chain with the head row.
func (v *verifier) finish(headSeq int64, headHash string) Report {
	last := v.prev.Hash
	if v.prev.Seq == 0 {
		last = GenesisHash
	}
	if headSeq != v.prev.Seq || headHash != last {
		v.problem(v.prev, "the chain head (entry %d) does not match the last entry", headSeq)
	}
	v.report.HeadHash = headHash
	if v.report.Problems == nil {
		v.report.Problems = []Problem{}
	}
	return v.report
}
