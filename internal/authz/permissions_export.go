package authz

// The permissions of exports (SPEC §12): a main account exports what it
// made (content with versions, comments, ledger lines, its audit trail) as
// files, for data portability.
const (
	CreateExport Permission = "export.create"
	ReadExport   Permission = "export.read"
)

func init() {
	rules[CreateExport] = Rule{NotForStaff: true, Describe: "export one's content, comments, earnings and audit trail as files"}
	rules[ReadExport] = Rule{NotForStaff: true, Describe: "see and download one's exports"}
}
