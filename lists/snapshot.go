package lists

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"unsafe"

	"github.com/redline-sanctions/redline/entity"
)

// A snapshot (entities.bin) is a compact copy of a version's entities that
// loads several times faster than the FtM JSON lines, which stay the
// canonical form (export, diff, other tools). It is written next to
// entities.jsonl.gz at import and read by VersionEntities when present.
//
// Layout: the line "redline-entities 1\n", then one record per entity:
//
//	uvarint  length of the record in bytes
//	string   ID, Schema, Dataset, SourceID, Sublist
//	uvarint  number of Datasets, then each as a string
//	uvarint  number of properties, then for each: the name as a string,
//	         a uvarint count of values and the values as strings
//	uvarint  number of Referents, then each as a string; written only
//	         when there are some (records of older snapshots end before)
//
// where a string is a uvarint byte length followed by the bytes. Example:
// the entity {ID "a-1", Schema "Person", Dataset "a", SourceID "1",
// Properties {name: ["X"]}} is the record
//
//	19 | 3 "a-1" | 6 "Person" | 1 "a" | 1 "1" | 0 "" | 0 | 1 | 4 "name" | 1 | 1 "X"
//
// (the leading 19 is the length of what follows it).
const snapshotMagic = "redline-entities 1\n"

// snapshotWriter appends entities to a snapshot file.
type snapshotWriter struct {
	w   *bufio.Writer
	buf []byte
}

func newSnapshotWriter(w io.Writer) (*snapshotWriter, error) {
	bw := bufio.NewWriterSize(w, 256<<10)
	if _, err := bw.WriteString(snapshotMagic); err != nil {
		return nil, err
	}
	return &snapshotWriter{w: bw}, nil
}

func (s *snapshotWriter) write(e *entity.Entity) error {
	b := s.buf[:0]
	str := func(v string) {
		b = binary.AppendUvarint(b, uint64(len(v)))
		b = append(b, v...)
	}
	for _, v := range []string{e.ID, e.Schema, e.Dataset, e.SourceID, e.Sublist} {
		str(v)
	}
	b = binary.AppendUvarint(b, uint64(len(e.Datasets)))
	for _, d := range e.Datasets {
		str(d)
	}
	b = binary.AppendUvarint(b, uint64(len(e.Properties)))
	for k, vs := range e.Properties {
		str(k)
		b = binary.AppendUvarint(b, uint64(len(vs)))
		for _, v := range vs {
			str(v)
		}
	}
	if len(e.Referents) > 0 {
		b = binary.AppendUvarint(b, uint64(len(e.Referents)))
		for _, r := range e.Referents {
			str(r)
		}
	}
	s.buf = b
	var n [binary.MaxVarintLen64]byte
	if _, err := s.w.Write(n[:binary.PutUvarint(n[:], uint64(len(b)))]); err != nil {
		return err
	}
	_, err := s.w.Write(b)
	return err
}

func (s *snapshotWriter) flush() error { return s.w.Flush() }

// errSnapshot is wrapped by errors about a damaged snapshot.
var errSnapshot = errors.New("damaged snapshot")

// readSnapshot returns the entities of a snapshot file. All strings of
// the returned entities share one read-only copy of the file. When sum is
// not "", the file's SHA-256 must equal it, else nothing but a
// *CorruptError is yielded.
func readSnapshot(path, sum string) iter.Seq2[*entity.Entity, error] {
	return func(yield func(*entity.Entity, error) bool) {
		data, err := os.ReadFile(path)
		if err != nil {
			yield(nil, fmt.Errorf("lists: %w", err))
			return
		}
		if sum != "" {
			got := sha256.Sum256(data)
			if err := checkSum(path, sum, got[:]); err != nil {
				yield(nil, err)
				return
			}
		}
		for e, err := range decodeSnapshot(path, data) {
			if !yield(e, err) {
				return
			}
		}
	}
}

// decodeSnapshot returns the entities of a snapshot held in data, which
// must not be modified afterwards; name positions errors.
func decodeSnapshot(path string, data []byte) iter.Seq2[*entity.Entity, error] {
	return func(yield func(*entity.Entity, error) bool) {
		if len(data) < len(snapshotMagic) || string(data[:len(snapshotMagic)]) != snapshotMagic {
			yield(nil, fmt.Errorf("lists: %s: %w: bad header", path, errSnapshot))
			return
		}
		// data is never written again: its strings can point into it.
		all := unsafe.String(unsafe.SliceData(data), len(data))
		d := snapDecoder{s: all, pos: len(snapshotMagic)}
		for n := 0; d.pos < len(d.s); n++ {
			e, err := d.entity()
			if err != nil {
				yield(nil, fmt.Errorf("lists: %s: record %d at byte %d: %w", path, n+1, d.pos, err))
				return
			}
			if !yield(e, nil) {
				return
			}
		}
	}
}

type snapDecoder struct {
	s   string
	pos int
	err error
}

func (d *snapDecoder) uvarint() int {
	if d.err != nil {
		return 0
	}
	var x uint64
	var shift uint
	for i := 0; i < binary.MaxVarintLen64; i++ {
		if d.pos >= len(d.s) {
			break
		}
		c := d.s[d.pos]
		d.pos++
		if c < 0x80 {
			x |= uint64(c) << shift
			if x > uint64(len(d.s)) {
				break
			}
			return int(x)
		}
		x |= uint64(c&0x7f) << shift
		shift += 7
	}
	d.err = fmt.Errorf("%w: bad length", errSnapshot)
	return 0
}

func (d *snapDecoder) str() string {
	n := d.uvarint()
	if d.err != nil {
		return ""
	}
	if d.pos+n > len(d.s) {
		d.err = fmt.Errorf("%w: string past the end", errSnapshot)
		return ""
	}
	v := d.s[d.pos : d.pos+n]
	d.pos += n
	return v
}

func (d *snapDecoder) entity() (*entity.Entity, error) {
	size := d.uvarint()
	end := d.pos + size
	if d.err == nil && end > len(d.s) {
		d.err = fmt.Errorf("%w: record past the end", errSnapshot)
	}
	e := &entity.Entity{ID: d.str(), Schema: d.str(), Dataset: d.str(), SourceID: d.str(), Sublist: d.str()}
	if n := d.uvarint(); n > 0 && d.err == nil {
		e.Datasets = make([]string, n)
		for i := range e.Datasets {
			e.Datasets[i] = d.str()
		}
	}
	np := d.uvarint()
	e.Properties = make(map[string][]string, np)
	for range np {
		if d.err != nil {
			break
		}
		k := d.str()
		vs := make([]string, d.uvarint())
		for i := range vs {
			vs[i] = d.str()
		}
		e.Properties[k] = vs
	}
	if d.err == nil && d.pos < end {
		e.Referents = make([]string, d.uvarint())
		for i := range e.Referents {
			e.Referents[i] = d.str()
		}
	}
	if d.err == nil && d.pos != end {
		d.err = fmt.Errorf("%w: record length %d does not match its contents", errSnapshot, size)
	}
	return e, d.err
}
