package main

import (
	"github.com/helio-platform/helio/internal/app"
	"github.com/helio-platform/helio/internal/demo"
)

// demoServices are the services the demo data set is loaded through.
func demoServices(a *app.App) demo.Services {
	return demo.Services{Accounts: a.Accounts, Creators: a.Creators, Media: a.Media, Contents: a.Contents, Feed: a.Feed,
		Commission: a.Commission, CommissionLevels: a.CommissionLevels, Levels: a.Levels,
		Tasks: a.Tasks, Jobs: a.Jobs,
		Channels: a.Channels, Creative: a.Creative}
}
