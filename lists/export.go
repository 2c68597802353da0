package lists

import (
	"context"
	"fmt"
	"io"
	"iter"

	"github.com/redline-sanctions/redline/entity"
)

// WriteSnapshot writes entities to w in the snapshot format of
// entities.bin (see snapshot.go) and returns how many it wrote. Bulk
// pipelines stage the lists this way for workers that cannot read the
// store: DecodeSnapshot reads it back, entity for entity, in order. An
// error from entities stops the write and is returned.
func WriteSnapshot(ctx context.Context, w io.Writer, entities iter.Seq2[*entity.Entity, error]) (int, error) {
	sw, err := newSnapshotWriter(w)
	if err != nil {
		return 0, fmt.Errorf("lists: writing snapshot: %w", err)
	}
	n := 0
	for e, err := range entities {
		if err != nil {
			return n, err
		}
		if err := ctx.Err(); err != nil {
			return n, err
		}
		if err := sw.write(e); err != nil {
			return n, fmt.Errorf("lists: writing snapshot: %w", err)
		}
		n++
	}
	if err := sw.flush(); err != nil {
		return n, fmt.Errorf("lists: writing snapshot: %w", err)
	}
	return n, nil
}

// DecodeSnapshot streams the entities of a snapshot held in data (the
// bytes of an entities.bin or of a WriteSnapshot output). The entities'
// strings point into data, which must not be modified afterwards. A
// damaged snapshot yields an error naming name, the record and its byte
// offset, and iteration stops there.
func DecodeSnapshot(name string, data []byte) iter.Seq2[*entity.Entity, error] {
	return decodeSnapshot(name, data)
}
