package pipeline

import (
	"context"
	"reflect"
	"sync"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/fileio"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
)

var registerOnce sync.Once

// Register registers the pipelines' functions, DoFns and element types
// with Beam. Call it before beam.Init, in the launcher and in the worker
// alike (the same binary is both): a worker finds the steps it runs by
// these registrations.
func Register() {
	registerOnce.Do(func() {
		beam.RegisterType(reflect.TypeOf((*PartyRow)(nil)).Elem())
		beam.RegisterType(reflect.TypeOf((*ShipmentRow)(nil)).Elem())
		beam.RegisterType(reflect.TypeOf((*FlowSum)(nil)).Elem())

		register.DoFn4x1[context.Context, fileio.ReadableFile, func(PartyRow), func(string), error](&readPartiesFn{})
		register.DoFn3x1[context.Context, PartyRow, func(string), error](&screenPartiesFn{})
		register.DoFn4x1[context.Context, fileio.ReadableFile, func(ShipmentRow), func(string), error](&readShipmentsFn{})
		register.DoFn3x1[context.Context, ShipmentRow, func(string), error](&assessFn{})
		register.DoFn4x1[context.Context, ShipmentRow, func(string, FlowSum), func(string), error](&flowFn{})
		register.DoFn2x3[string, FlowSum, int, string, error](&flowShardFn{})
		register.DoFn4x1[context.Context, int, func(*int) bool, func(*string) bool, error](&writeFlowsFn{})
		register.DoFn1x2[string, int, string](&shardKeyFn{})
		register.DoFn4x1[context.Context, int, func(*int) bool, func(*string) bool, error](&writeLinesFn{})
		register.Function1x2(shardIndexFn)
		register.Function2x1(addFlows)

		register.Emitter1[PartyRow]()
		register.Emitter1[ShipmentRow]()
		register.Emitter1[string]()
		register.Emitter2[string, FlowSum]()
		register.Iter1[int]()
		register.Iter1[string]()
	})
}
