package match_test

import (
	"testing"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/match"
)

// TestChineseExamples: the examples of Chinese transcriptions and
// Chinese company names against their Latin list names, and lookalikes
// that must stay below the threshold.
func TestChineseExamples(t *testing.T) {
	tests := []struct {
		query, schema, name string
		match               bool
	}{
		{"卡拉什尼科夫", entity.Person, "Kalashnikov", true},
		{"梅德韦杰夫", entity.Person, "Medvedev", true},
		{"普京", entity.Person, "Putin", true},
		{"绍伊古", entity.Person, "Shoigu", true},
		{"谢尔盖·绍伊古", entity.Person, "SHOYGU, Sergei Kuzhugetovich", true},
		{"德米特里·梅德韦杰夫", entity.Person, "MEDVEDEV, Dmitry Anatolyevich", true},
		{"卡拉什尼科夫集团", entity.Company, "Kalashnikov Concern", true},
		{"北京理工大学", entity.Company, "Beijing Institute of Technology", true},
		{"中国航空工业集团有限公司", entity.Company, "Aviation Industry Corporation of China", true},
		{"西安翔宇航空科技集团", entity.Company, "Xi'an Xiangyu Aviation Technology Group", true},
		{"концерн Калашников", entity.Company, "Kalashnikov Concern", true},
		{"Уральский оптико-механический завод", entity.Company, "Ural Optical and Mechanical Plant", true},
		// Lookalikes: same generic words or surname, another party.
		{"北京航空航天大学", entity.Company, "Beijing Institute of Technology", false},
		{"哈尔滨工程大学", entity.Company, "Harbin Institute of Technology", false},
		{"德米特里·梅德韦杰夫", entity.Person, "MEDVEDEV, Valery Kirillovich", false},
		{"习近平", entity.Person, "Putin", false},
	}
	o := match.DefaultOptions()
	for _, tc := range tests {
		t.Run(tc.query+"~"+tc.name, func(t *testing.T) {
			q := &entity.Entity{Schema: tc.schema, Properties: map[string][]string{entity.Name: {tc.query}}}
			c := &entity.Entity{Schema: tc.schema, Properties: map[string][]string{entity.Name: {tc.name}}}
			s, ex := match.Score(q, c, o)
			t.Logf("%s ~ %s = %.3f (%s ~ %s)", tc.query, tc.name, s, ex.QueryForm, ex.MatchedForm)
			if got := s >= match.DefaultThreshold; got != tc.match {
				t.Errorf("%s ~ %s = %.3f, want match %v", tc.query, tc.name, s, tc.match)
			}
		})
	}
}
