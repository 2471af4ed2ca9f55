package authz

// The permissions of follows and feeds (SPEC §6.1). Following and reading a
// follower feed are a fan's actions, so a sub-account (a staff identity)
// may do neither whatever it was granted.
const (
	Follow   Permission = "feed.follow"
	ReadFeed Permission = "feed.read"
)

func init() {
	rules[Follow] = Rule{NotForStaff: true, Describe: "follow and unfollow accounts, mark special follows"}
	rules[ReadFeed] = Rule{NotForStaff: true, Describe: "read one's follower feed"}
}
