package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"strconv"
	"strings"
	"testing"

	"github.com/helio-platform/helio/internal/app/apptest"
	"github.com/helio-platform/helio/internal/authz"
	"github.com/helio-platform/helio/internal/commission"
	"github.com/helio-platform/helio/internal/db"
	"github.com/helio-platform/helio/internal/testkit"
)

// TestRecomputeReproducesTheDemo is CI's run of this program on the demo
// data: the demo is loaded, its jobs run (the level recompute and the
// month's settlement), and once the month has ended every key channel's
// reward pool is distributed. Each demo creator's statement, order lines
// and pool shares, is re-computed to the fen; a pool share one fen off is
// reported.
func TestRecomputeReproducesTheDemo(t *testing.T) {
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		ctx := context.Background()
		env.LoadDemo(t)
		period := env.EndDemoMonth(t)
		ops := authz.WithActor(ctx, authz.Actor{UserID: "ops", Roles: []string{authz.RoleAdmin}})
		rules, _, err := env.Commission.FindRules(ops)
		testkit.Must(t, err)
		shares := 0
		for _, scene := range commission.Scenes {
			if !rules.Splits[scene].Pool {
				continue
			}
			dist, err := env.Commission.DistributePool(ops, scene, period)
			testkit.Must(t, err)
			shares += len(dist.Shares)
		}
		if shares == 0 {
			t.Fatal("the demo's reward pools paid no share")
		}
		rows, err := d.Query(ctx, `SELECT DISTINCT creator_id FROM commission_lines ORDER BY creator_id`)
		testkit.Must(t, err)
		var creators []string
		for rows.Next() {
			var id string
			testkit.Must(t, rows.Scan(&id))
			creators = append(creators, id)
		}
		testkit.Must(t, rows.Close())
		poolLines := 0
		var withPool []byte
		for _, id := range creators {
			actor, err := env.Auth.AccountActor(ctx, id)
			testkit.Must(t, err)
			var statement bytes.Buffer
			testkit.Must(t, env.Commission.ExportEarnings(authz.WithActor(ctx, actor), commission.EarningsFilter{}, &statement))
			var report bytes.Buffer
			n, err := recompute(bytes.NewReader(statement.Bytes()), &report)
			if err != nil || n == 0 {
				t.Fatalf("recompute of %s's statement: %d lines, %v\n%s", id, n, err, report.String())
			}
			if k := strings.Count(statement.String(), ","+commission.KindPoolShare+","); k > 0 {
				poolLines, withPool = poolLines+k, statement.Bytes()
			}
		}
		if poolLines != shares {
			t.Fatalf("the statements hold %d pool-share lines, the distributions paid %d shares", poolLines, shares)
		}
		table, err := csv.NewReader(bytes.NewReader(withPool)).ReadAll()
		testkit.Must(t, err)
		col := map[string]int{}
		for i, name := range table[0] {
			col[name] = i
		}
		for _, row := range table[1:] {
			if row[col["kind"]] != commission.KindPoolShare {
				continue
			}
			for _, name := range []string{"pool_share", "creator"} {
				n, err := strconv.ParseInt(row[col[name]], 10, 64)
				testkit.Must(t, err)
				row[col[name]] = strconv.FormatInt(n+1, 10)
			}
			break
		}
		var edited bytes.Buffer
		w := csv.NewWriter(&edited)
		testkit.Must(t, w.WriteAll(table))
		var report bytes.Buffer
		if _, err := recompute(&edited, &report); err == nil || !strings.Contains(report.String(), "pool share") {
			t.Fatalf("a pool share one fen off was not reported: %v\n%s", err, report.String())
		}
	})
}
