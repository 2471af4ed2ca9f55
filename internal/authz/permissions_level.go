package authz

import "github.com/helio-platform/helio/internal/i18n"

// Level privileges (SPEC §7.3): what an account's creator level grants.
// Their values per level are the versioned privilege table of package
// level; the actor carries the values of its own level (Actor.Level) and
// the privileges they hold (Actor.Privileges).
const (
	PrivPublish            = "publish"
	PrivHomepage           = "homepage"
	PrivRoleApplication    = "role_application"
	PrivSearchDirectLink   = "search_direct_link"
	PrivGroupChat          = "group_chat"
	PrivContentAccount     = "content_account"
	PrivTaskMarketplace    = "task_marketplace"
	PrivCPSSettlement      = "cps_settlement"
	PrivFanReach           = "fan_reach"
	PrivFanPinning         = "fan_pinning"
	PrivFeedRecommendation = "feed_recommendation"
	PrivAccountDiscovery   = "account_discovery"
	PrivFeedTopics         = "feed_topics"
	PrivChannelDisplay     = "channel_display"
	PrivTargetedCoop       = "targeted_cooperation"
)

// Privileges lists the level privileges in the order of SPEC §7.3's table.
var Privileges = []string{PrivPublish, PrivHomepage, PrivRoleApplication, PrivSearchDirectLink, PrivGroupChat,
	PrivContentAccount, PrivTaskMarketplace, PrivCPSSettlement, PrivFanReach, PrivFanPinning, PrivFeedRecommendation,
	PrivAccountDiscovery, PrivFeedTopics, PrivChannelDisplay, PrivTargetedCoop}

// Values of a privilege table cell (SPEC §7.3: ✓, ×, P, C, D). Priority and
// chance are ranking weights for the recommendation and channel-display
// rankers; as a yes-or-no question both hold the privilege. Default-only
// does not: the account keeps the default form (a default homepage).
const (
	ValueYes      = "yes"
	ValueNo       = "no"
	ValuePriority = "priority"
	ValueChance   = "chance"
	ValueDefault  = "default"
)

// PrivilegeValues lists the values a privilege table cell may hold.
var PrivilegeValues = []string{ValueYes, ValueNo, ValuePriority, ValueChance, ValueDefault}

// Holds reports whether a privilege table value grants the privilege.
func Holds(value string) bool {
	return value == ValueYes || value == ValuePriority || value == ValueChance
}

// Level is an account's creator level as authorization sees it: its name
// ("L0" … "L6"), the privilege table's value of each privilege at that
// level, the lowest level that holds each privilege (so a refusal can name
// it), and the version of the privilege table they came from.
type Level struct {
	Name    string
	Values  map[string]string
	Needs   map[string]string
	Version int
}

// Held returns the privileges the level holds (see Holds).
func (l Level) Held() map[string]bool {
	out := make(map[string]bool, len(l.Values))
	for p, v := range l.Values {
		out[p] = Holds(v)
	}
	return out
}

// privilegeLabels name the privileges for people.
var privilegeLabels = map[string]i18n.Text{
	PrivPublish:            i18n.T("publishing"),
	PrivHomepage:           i18n.T("homepage"),
	PrivRoleApplication:    i18n.T("role application"),
	PrivSearchDirectLink:   i18n.T("search direct link"),
	PrivGroupChat:          i18n.T("group chat"),
	PrivContentAccount:     i18n.T("content account"),
	PrivTaskMarketplace:    i18n.T("task marketplace"),
	PrivCPSSettlement:      i18n.T("CPS settlement"),
	PrivFanReach:           i18n.T("fan reach"),
	PrivFanPinning:         i18n.T("fan pinning"),
	PrivFeedRecommendation: i18n.T("feed recommendation"),
	PrivAccountDiscovery:   i18n.T("feed account discovery"),
	PrivFeedTopics:         i18n.T("feed topics"),
	PrivChannelDisplay:     i18n.T("channel display"),
	PrivTargetedCoop:       i18n.T("targeted cooperation"),
}

// PrivilegeLabel names privilege p for people (its id when unknown).
func PrivilegeLabel(p string) i18n.Text {
	if l, ok := privilegeLabels[p]; ok {
		return l
	}
	return i18n.T("%s", p)
}

// The permissions of creator levels: reading one's own level and newcomer
// tasks, the operators' rule tables and recomputation, and one permission
// per level privilege. Publishing needs PrivPublish through the publishing
// permissions of permissions_creator.go; a push to the homepage needs
// PushHomepage; role certifications need ApplyRole. The others are
// declared here for the issues that build their features (task
// marketplace, commission, channels, feeds, group chat, content accounts)
// to check.
const (
	ReadLevel        Permission = "level.read"
	ReadLevelTable   Permission = "level.read_table"
	ManageLevelRules Permission = "level.manage_rules"
	RecomputeLevels  Permission = "level.recompute"

	PushHomepage        Permission = "content.push_homepage"
	ApplyRole           Permission = "certification.apply_role"
	UseSearchDirectLink Permission = "search.direct_link"
	OpenGroupChat       Permission = "group_chat.open"
	OpenContentAccount  Permission = "content_account.open"
	JoinTaskMarketplace Permission = "task.join_marketplace"
	SettleCommission    Permission = "commission.settle"
	UseFanReach         Permission = "fan_reach.use"
	PinForFans          Permission = "fan_pinning.use"
	RecommendInFeed     Permission = "feed.recommend"
	DiscoverInFeed      Permission = "feed.discover_account"
	UseFeedTopics       Permission = "feed.topics"
	DisplayInChannel    Permission = "channel.display"
	CooperateTargeted   Permission = "cooperation.targeted"
)

func init() {
	levelOps := []string{RoleAdmin, RoleActivityManager}
	for p, r := range map[Permission]Rule{
		ReadLevel:        {Describe: "see one's level, scores, privileges and newcomer tasks"},
		ReadLevelTable:   {Public: true, Describe: "see the published level thresholds and privilege table"},
		ManageLevelRules: {Roles: levelOps, Describe: "edit the level thresholds, privileges and score weights"},
		RecomputeLevels:  {Roles: levelOps, Describe: "recompute every creator's scores and level"},

		PushHomepage:        {Certified: true, Privilege: PrivHomepage, Describe: "push content to one's homepage"},
		ApplyRole:           {NotForStaff: true, Privilege: PrivRoleApplication, Describe: "apply for role certifications"},
		UseSearchDirectLink: {Privilege: PrivSearchDirectLink, Describe: "appear with a direct link in search"},
		OpenGroupChat:       {Privilege: PrivGroupChat, Describe: "open fan group chats"},
		OpenContentAccount:  {NotForStaff: true, Privilege: PrivContentAccount, Describe: "open a content account"},
		JoinTaskMarketplace: {NotForStaff: true, Privilege: PrivTaskMarketplace, Describe: "take tasks in the task marketplace"},
		SettleCommission:    {Privilege: PrivCPSSettlement, Describe: "have commission settled"},
		UseFanReach:         {Privilege: PrivFanReach, Describe: "promote content to fans (fan reach)"},
		PinForFans:          {Privilege: PrivFanPinning, Describe: "pin content in fans' feeds"},
		RecommendInFeed:     {Privilege: PrivFeedRecommendation, Describe: "be recommended in the feed"},
		DiscoverInFeed:      {Privilege: PrivAccountDiscovery, Describe: "be suggested in feed account discovery"},
		UseFeedTopics:       {Privilege: PrivFeedTopics, Describe: "post to feed topics"},
		DisplayInChannel:    {Privilege: PrivChannelDisplay, Describe: "be displayed in channels"},
		CooperateTargeted:   {Privilege: PrivTargetedCoop, Describe: "take targeted cooperation offers"},
	} {
		rules[p] = r
	}
}
