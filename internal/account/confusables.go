package account

// confusables maps letters of other scripts that look like a Latin letter
// to that letter: the part of Unicode's UTS #39 confusables table
// (confusables.txt, the "skeleton" prototypes) that matters for names
// written in Latin, Cyrillic, Greek and Armenian letters. The full table is
// not available to the build (no network), and no maintained Go module
// ships it; this one is written by hand from the UTS #39 prototypes, case by
// case as the letters are typed (the key folds case afterwards, so Cyrillic
// Н maps to H and its small form н, which UTS #39 maps to small-capital ʜ,
// is left alone).
//
// Deliberately left out: ASCII-to-ASCII pairs that UTS #39 also folds
// (0 → O, 1 and I → l, rn → m, vv → w), so that "user1" and "userl" stay
// different names; full-width and mathematical letters, which NFKC already
// folds; and Han characters. The middle dots that separate the parts of a
// transliterated name in Chinese (艾尔·肯) all map to the katakana middle
// dot, which the PRECIS profile accepts between CJK characters.
var confusables = map[rune]rune{
	// Cyrillic capitals.
	'А': 'A', 'В': 'B', 'Е': 'E', 'К': 'K', 'М': 'M', 'Н': 'H', 'О': 'O', 'Р': 'P', 'С': 'C', 'Т': 'T',
	'Х': 'X', 'У': 'Y', 'Ү': 'Y', 'Ѕ': 'S', 'І': 'I', 'Ј': 'J', 'Ԛ': 'Q', 'Ԝ': 'W', 'Ӏ': 'l', 'Ѵ': 'V',
	// Cyrillic small letters.
	'а': 'a', 'е': 'e', 'о': 'o', 'р': 'p', 'с': 'c', 'у': 'y', 'ү': 'y', 'х': 'x', 'ѕ': 's', 'і': 'i',
	'ј': 'j', 'ԁ': 'd', 'ԛ': 'q', 'ԝ': 'w', 'һ': 'h', 'ӏ': 'l', 'ѵ': 'v', 'ɡ': 'g',
	// Greek capitals.
	'Α': 'A', 'Β': 'B', 'Ε': 'E', 'Ζ': 'Z', 'Η': 'H', 'Ι': 'I', 'Κ': 'K', 'Μ': 'M', 'Ν': 'N', 'Ο': 'O',
	'Ρ': 'P', 'Τ': 'T', 'Υ': 'Y', 'Χ': 'X', 'Ϲ': 'C', 'Ϳ': 'J', 'ϒ': 'Y',
	// Greek small letters.
	'α': 'a', 'γ': 'y', 'ι': 'i', 'ν': 'v', 'ο': 'o', 'ρ': 'p', 'ϲ': 'c', 'ϳ': 'j', 'χ': 'x',
	// Armenian.
	'Օ': 'O', 'Ս': 'U', 'օ': 'o', 'ս': 'u', 'հ': 'h', 'ո': 'n', 'զ': 'q', 'ց': 'g',
	// Latin letters that look like other Latin letters.
	'ı': 'i', 'ȷ': 'j', 'ɑ': 'a', 'ɩ': 'i', 'ſ': 'f', 'ℓ': 'l',
	// Middle dots between the parts of a name.
	'·': '・', '•': '・', '‧': '・', '∙': '・', '⋅': '・',
}
