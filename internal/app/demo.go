package app

import "github.com/helio-platform/helio/internal/demo"

// DemoServices are the services the demo data set is loaded through.
func (a *App) DemoServices() demo.Services {
	return demo.Services{Accounts: a.Accounts, Creators: a.Creators, Media: a.Media, Contents: a.Contents, Feed: a.Feed,
		Commission: a.Commission, Levels: a.Levels, Tasks: a.Tasks, Jobs: a.Jobs,
		Channels: a.Channels, Creative: a.Creative, Clock: a.Clock, Orgs: a.Orgs}
}
