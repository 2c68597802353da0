package match

import (
	"context"
	"testing"

	"github.com/redline-sanctions/redline/entity"
)

// TestTraditionalSimplified: a name listed in traditional characters is
// found by the same name in simplified characters, and the other way
// round, at 0.95 or more (they were compared in Han only and scored
// nothing).
func TestTraditionalSimplified(t *testing.T) {
	listed := func(id, schema, name string) *entity.Entity {
		return &entity.Entity{ID: id, Schema: schema, Properties: map[string][]string{entity.Name: {name}}}
	}
	es := []*entity.Entity{
		listed("huawei", entity.Company, "華為技術有限公司"),
		listed("zte", entity.Company, "中興通訊股份有限公司"),
		listed("cetc", entity.Company, "中国电子科技集团"),
		listed("bit", entity.Company, "北京理工大學"),
		listed("xi", entity.Person, "習近平"),
		listed("deng", entity.Person, "邓小平"),
	}
	m, err := Build(context.Background(), seq(es))
	if err != nil {
		t.Fatal(err)
	}
	o := DefaultOptions()
	tests := []struct{ query, schema, want string }{
		{"华为技术有限公司", entity.Company, "huawei"},
		{"华为技术", entity.Company, "huawei"},
		{"中兴通讯股份有限公司", entity.Company, "zte"},
		{"中國電子科技集團", entity.Company, "cetc"},
		{"中國電子科技集團有限公司", entity.Company, "cetc"},
		{"北京理工大学", entity.Company, "bit"},
		{"习近平", entity.Person, "xi"},
		{"鄧小平", entity.Person, "deng"},
	}
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			q := &entity.Entity{Schema: tc.schema, Properties: map[string][]string{entity.Name: {tc.query}}}
			res := mustMatch(t, m, q, o)
			if len(res) == 0 || res[0].Entity.ID != tc.want || res[0].Score < 0.95 {
				t.Fatalf("%q: got %v, want %s at ≥ 0.95", tc.query, captions(res), tc.want)
			}
			t.Logf("%q → %q %.3f", tc.query, res[0].Entity.Caption(), res[0].Score)
		})
	}
}
