package shipment

import (
	"context"
	"fmt"
	"iter"

	"golang.org/x/sync/errgroup"

	"github.com/redline-sanctions/redline/entity"
	"github.com/redline-sanctions/redline/match"
	"github.com/redline-sanctions/redline/ownership"
	"github.com/redline-sanctions/redline/shipment/rules"
)

// SetupConfig says how Setup builds an engine. The zero value builds the
// default rules with their own min_score, a new matcher and the OFAC 50
// Percent Rule over the entities.
type SetupConfig struct {
	// Rules are the rules to compile; nil means rules.Default().
	Rules *rules.Set
	// Threshold, when not 0, is the match score from which a party
	// counts as listed: it replaces the listed_party rule's min_score and
	// the matcher's threshold. It must be in (0, 1], as
	// match.Options.Validate checks every threshold.
	Threshold float64
	// Matcher, when set, is used instead of building one from the
	// entities (the server passes the matcher it already serves).
	Matcher *match.Matcher
}

// Setup is a shipment engine together with what it was built from, so
// that the CLI, the server and bulk pipelines screen shipments the same
// way.
type Setup struct {
	Engine    *Engine
	Rules     *rules.Set
	Matcher   *match.Matcher
	Addresses *AddressIndex
	// Ownership is the OFAC 50 Percent Rule over the entities; its Stats
	// say how much ownership data there is.
	Ownership *ownership.Graph
}

// OwnershipOptions are the 50% rule options shipment and party screening
// use: OFAC's rule, with the explanation paths bounded for per-match use.
func OwnershipOptions() ownership.Options {
	opts := ownership.OFACOptions()
	opts.MaxPaths = 8
	return opts
}

// NewSetup builds the matcher (unless cfg.Matcher is set), the listed
// address index and the ownership graph from the entities, at the same
// time (entities is called once for each), and compiles the rules into an
// Engine. The rules in cfg are not modified.
func NewSetup(ctx context.Context, entities func(context.Context) iter.Seq2[*entity.Entity, error], cfg SetupConfig) (*Setup, error) {
	if cfg.Threshold != 0 { // the same range as every other threshold
		o := match.DefaultOptions()
		o.Threshold = cfg.Threshold
		if err := o.Validate(); err != nil {
			return nil, fmt.Errorf("shipment: %w", err)
		}
	}
	set := cfg.Rules
	if set == nil {
		set = rules.Default()
	} else {
		set = set.Clone()
	}
	s := &Setup{Rules: set, Matcher: cfg.Matcher}
	eg, ectx := errgroup.WithContext(ctx)
	if s.Matcher == nil {
		eg.Go(func() (err error) {
			if s.Matcher, err = match.Build(ectx, entities(ectx)); err != nil {
				return fmt.Errorf("building the matcher: %w", err)
			}
			return nil
		})
	}
	eg.Go(func() (err error) {
		s.Addresses, err = NewAddressIndex(ectx, entities(ectx))
		return err
	})
	eg.Go(func() (err error) {
		if s.Ownership, err = ownership.Build(ectx, entities(ectx), OwnershipOptions()); err != nil {
			return fmt.Errorf("building the ownership graph: %w", err)
		}
		return nil
	})
	if err := eg.Wait(); err != nil {
		return nil, err
	}
	mopts := match.DefaultOptions()
	mopts.Limit = 3
	if cfg.Threshold > 0 {
		mopts.Threshold = cfg.Threshold
		for i := range set.Rules {
			if set.Rules[i].Kind == rules.KindListedParty {
				set.Rules[i].Params.MinScore = cfg.Threshold
			}
		}
	}
	e, err := New(Options{
		Rules:     set,
		Parties:   Matcher{M: s.Matcher, Opts: mopts},
		Goods:     DefaultGoods(),
		Addresses: s.Addresses,
		Ownership: s.Ownership,
	})
	if err != nil {
		return nil, err
	}
	s.Engine = e
	return s, nil
}
