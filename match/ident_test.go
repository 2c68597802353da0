package match

import (
	"context"
	"testing"

	"github.com/redline-sanctions/redline/entity"
)

// TestMatchByIdentifier: a shared registry identifier retrieves the
// listed party by itself (issue: a party with an unknown name and a listed
// company's INN got no result), while a short generic number does not.
func TestMatchByIdentifier(t *testing.T) {
	listed := []*entity.Entity{
		{ID: "c1", Schema: entity.Company, Dataset: "test", Properties: map[string][]string{
			entity.Name: {"Joint Stock Company Kalinin Machine Plant"}, entity.InnCode: {"6661000610"}, entity.OgrnCode: {"1026605233543"}}},
		{ID: "v1", Schema: entity.Vessel, Dataset: "test", Properties: map[string][]string{
			entity.Name: {"OCEAN PEARL"}, entity.ImoNumber: {"9187629"}}},
		{ID: "p1", Schema: entity.Person, Dataset: "test", Properties: map[string][]string{
			entity.Name: {"Ivan Petrov"}, entity.IDNumber: {"12345"}}},
	}
	m, err := Build(context.Background(), seq(listed))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		query *entity.Entity
		want  string // entity id expected first, "" for no match
	}{
		{"INN with an unrelated name", &entity.Entity{Schema: entity.Company, Properties: map[string][]string{
			entity.Name: {"Uralskie Tekhnologii LLC"}, entity.InnCode: {"6661 000 610"}}}, "c1"},
		{"OGRN alone, no name", &entity.Entity{Schema: entity.Company, Properties: map[string][]string{
			entity.OgrnCode: {"1026605233543"}}}, "c1"},
		{"IMO with the vessel renamed", &entity.Entity{Schema: entity.Vessel, Properties: map[string][]string{
			entity.Name: {"SEA STAR"}, entity.ImoNumber: {"IMO 9187629"}}}, "v1"},
		{"INN given as a generic id number", &entity.Entity{Schema: entity.LegalEntity, Properties: map[string][]string{
			entity.IDNumber: {"6661000610"}}}, "c1"},
		{"a short generic number retrieves nothing", &entity.Entity{Schema: entity.Person, Properties: map[string][]string{
			entity.Name: {"Maria Gonzalez"}, entity.IDNumber: {"12345"}}}, ""},
		{"schema still rules: the IMO on a person", &entity.Entity{Schema: entity.Person, Properties: map[string][]string{
			entity.Name: {"John Smith"}, entity.ImoNumber: {"9187629"}}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := mustMatch(t, m, tt.query, DefaultOptions())
			got := ""
			if len(rs) > 0 && rs[0].Match {
				got = rs[0].Entity.ID
			}
			if got != tt.want {
				t.Errorf("first match %q, want %q (results %+v)", got, tt.want, rs)
			}
			if got != "" && rs[0].Score < DefaultOptions().Weights.IDMatch {
				t.Errorf("score %.3f below IDMatch", rs[0].Score)
			}
		})
	}
}
