package authz

import "github.com/helio-platform/helio/internal/i18n"

// CertificationLink is the console page where an uncertified account gets
// certified; refusals for a missing certification point to it.
const CertificationLink = "/certification"

// Publishing capabilities (SPEC §4.1), granted one by one after review.
const (
	CapGraphicPost     = "graphic_post"
	CapShortVideo      = "short_video"
	CapLiveStreaming   = "live_streaming"
	CapProductMounting = "product_mounting"
	CapDataExport      = "data_export"
)

// capabilityLabels name the capabilities for people.
var capabilityLabels = map[string]i18n.Text{
	CapGraphicPost:     i18n.T("graphic posts"),
	CapShortVideo:      i18n.T("short video"),
	CapLiveStreaming:   i18n.T("live streaming"),
	CapProductMounting: i18n.T("product mounting"),
	CapDataExport:      i18n.T("data export"),
}

// CapabilityLabel names capability c for people (its id when unknown).
func CapabilityLabel(c string) i18n.Text {
	if l, ok := capabilityLabels[c]; ok {
		return l
	}
	return i18n.T("%s", c)
}

// Capabilities lists the publishing capabilities in display order.
var Capabilities = []string{CapGraphicPost, CapShortVideo, CapLiveStreaming, CapProductMounting, CapDataExport}

// The permissions of creator accounts, certification, capabilities, media
// and the operator review queue.
const (
	BindPayout            Permission = "payout.bind"
	VerifyRealName        Permission = "real_name.verify"
	OpenCreatorAccount    Permission = "creator_account.create"
	ReadCreatorAccount    Permission = "creator_account.read"
	UpdateCreatorAccount  Permission = "creator_account.update"
	SubmitCertification   Permission = "certification.submit"
	ReadCertification     Permission = "certification.read"
	ApplyCapability       Permission = "capability.apply"
	ReadCapabilities      Permission = "capability.read"
	SubmitBrandEntry      Permission = "brand_entry.submit"
	UploadMedia           Permission = "media.upload"
	ReviewApplications    Permission = "review.decide"
	RegisterShop          Permission = "shop.register"
	PublishGraphicPost    Permission = "content.publish_graphic"
	PublishShortVideo     Permission = "content.publish_video"
	StartLiveStream       Permission = "live.start"
	MountProducts         Permission = "content.mount_products"
	ExportData            Permission = "data.export"
	ReadPublishingOptions Permission = "publishing.read"
)

// PublishingPermissions are the actions an account needs a certification
// and a capability for, in display order.
var PublishingPermissions = []Permission{PublishGraphicPost, PublishShortVideo, StartLiveStream, MountProducts, ExportData}

func init() {
	reviewers := []string{RoleAdmin, RoleReviewer}
	for p, r := range map[Permission]Rule{
		BindPayout:            {NotForStaff: true, Describe: "bind a payout account"},
		VerifyRealName:        {NotForStaff: true, Describe: "verify one's real name or enterprise"},
		OpenCreatorAccount:    {NotForStaff: true, Describe: "open a creator, merchant or brand account"},
		ReadCreatorAccount:    {Describe: "see one's creator accounts"},
		UpdateCreatorAccount:  {Describe: "change a creator account's name, avatar or bio"},
		SubmitCertification:   {NotForStaff: true, Describe: "apply for creator certification"},
		ReadCertification:     {Describe: "see one's certifications"},
		ApplyCapability:       {NotForStaff: true, Describe: "apply for a publishing capability"},
		ReadCapabilities:      {Describe: "see one's publishing capabilities"},
		SubmitBrandEntry:      {NotForStaff: true, Describe: "apply for the brand programme"},
		UploadMedia:           {Describe: "upload images, videos and documents"},
		ReviewApplications:    {Roles: reviewers, Describe: "decide certifications, capability applications and brand entries"},
		RegisterShop:          {Roles: []string{RoleAdmin}, Describe: "record a marketplace shop for an identity"},
		PublishGraphicPost:    {Certified: true, Capability: CapGraphicPost, Privilege: PrivPublish, Describe: "publish graphic posts"},
		PublishShortVideo:     {Certified: true, Capability: CapShortVideo, Privilege: PrivPublish, Describe: "publish short videos"},
		StartLiveStream:       {Certified: true, Capability: CapLiveStreaming, Privilege: PrivPublish, Describe: "go live"},
		MountProducts:         {Certified: true, Capability: CapProductMounting, Describe: "mount products in content"},
		ExportData:            {Certified: true, Capability: CapDataExport, Describe: "export data"},
		ReadPublishingOptions: {Describe: "see which publishing actions one may take"},
	} {
		rules[p] = r
	}
}
