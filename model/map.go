package model

import (
	"encoding/binary"
	"go/types"
	"math"
	"unsafe"
)

// Map is the value of a map type. Iteration order is insertion order
// (deleted entries are skipped, re-inserted keys move to the end): a
// deterministic choice among the orders Go allows, so that traces and
// outputs are stable across runs. Programs whose behaviour depends on Go's
// randomised map order are explored under this one order only.
type Map struct {
	index   map[any]int // normalised key -> position in entries
	entries []mapEntry
	count   int
	epoch   int // incremented when entries are compacted or cleared
}

type mapEntry struct {
	nk       any // normalised key
	key, val Value
	live     bool
}

func newMap(reserve int) *Map {
	return &Map{index: make(map[any]int, reserve)}
}

// Len returns the number of entries.
func (m *Map) Len() int {
	if m == nil {
		return 0
	}
	return m.count
}

func (m *Map) get(k any) (Value, bool) {
	if m == nil {
		return nil, false
	}
	if i, ok := m.index[k]; ok {
		return m.entries[i].val, true
	}
	return nil, false
}

func (m *Map) set(k any, key, val Value) {
	if i, ok := m.index[k]; ok {
		m.entries[i].val = val
		return
	}
	if dead := len(m.entries) - m.count; dead > 16 && dead > m.count {
		m.compact()
	}
	m.index[k] = len(m.entries)
	m.entries = append(m.entries, mapEntry{nk: k, key: key, val: val, live: true})
	m.count++
}

func (m *Map) delete(k any) {
	if m == nil {
		return
	}
	if i, ok := m.index[k]; ok {
		delete(m.index, k)
		m.entries[i] = mapEntry{}
		m.count--
	}
}

func (m *Map) clear() {
	if m == nil {
		return
	}
	clear(m.index)
	m.entries = nil
	m.count = 0
	m.epoch++
}

func (m *Map) compact() {
	live := make([]mapEntry, 0, m.count)
	for _, e := range m.entries {
		if e.live {
			live = append(live, e)
		}
	}
	m.entries = live
	m.epoch++
	for i, e := range live {
		m.index[e.nk] = i
	}
}

// Entries calls f for each live entry in iteration order.
func (m *Map) Entries(f func(k, v Value) bool) {
	if m == nil {
		return
	}
	for _, e := range m.entries {
		if e.live && !f(e.key, e.val) {
			return
		}
	}
}

// keyOf returns a Go-comparable normal form of the map key v, such that
// two keys are equal in Go exactly when their normal forms are ==.
func (it *Interp) keyOf(v Value) any {
	switch v := v.(type) {
	case Struct, Array, Iface:
		var b []byte
		b = it.appendKey(b, v)
		return string(b)
	}
	return v
}

// appendKey appends an encoding of v to b. Pointers and channels are
// encoded by address: Go's heap objects do not move, and the map keeps the
// key (hence the object) alive.
func (it *Interp) appendKey(b []byte, v Value) []byte {
	switch v := v.(type) {
	case nil:
		return append(b, 0)
	case bool:
		if v {
			return append(b, 1, 1)
		}
		return append(b, 1, 0)
	case int:
		return binary.LittleEndian.AppendUint64(append(b, 2), uint64(v))
	case int8:
		return append(b, 3, byte(v))
	case int16:
		return binary.LittleEndian.AppendUint16(append(b, 4), uint16(v))
	case int32:
		return binary.LittleEndian.AppendUint32(append(b, 5), uint32(v))
	case int64:
		return binary.LittleEndian.AppendUint64(append(b, 6), uint64(v))
	case uint:
		return binary.LittleEndian.AppendUint64(append(b, 7), uint64(v))
	case uint8:
		return append(b, 8, v)
	case uint16:
		return binary.LittleEndian.AppendUint16(append(b, 9), v)
	case uint32:
		return binary.LittleEndian.AppendUint32(append(b, 10), v)
	case uint64:
		return binary.LittleEndian.AppendUint64(append(b, 11), v)
	case uintptr:
		return binary.LittleEndian.AppendUint64(append(b, 12), uint64(v))
	case float32:
		if v == 0 {
			v = 0 // +0 and -0 are equal keys
		}
		return binary.LittleEndian.AppendUint32(append(b, 13), math.Float32bits(v))
	case float64:
		if v == 0 {
			v = 0
		}
		return binary.LittleEndian.AppendUint64(append(b, 14), math.Float64bits(v))
	case complex64:
		b = it.appendKey(append(b, 15), real(v))
		return it.appendKey(b, imag(v))
	case complex128:
		b = it.appendKey(append(b, 16), real(v))
		return it.appendKey(b, imag(v))
	case string:
		b = binary.LittleEndian.AppendUint64(append(b, 17), uint64(len(v)))
		return append(b, v...)
	case *Value:
		return binary.LittleEndian.AppendUint64(append(b, 18), uint64(uintptr(unsafe.Pointer(v))))
	case *Chan:
		return binary.LittleEndian.AppendUint64(append(b, 19), uint64(uintptr(unsafe.Pointer(v))))
	case Struct:
		b = append(b, 20)
		for _, x := range v {
			b = it.appendKey(b, x)
		}
		return b
	case Array:
		b = append(b, 21)
		for _, x := range v {
			b = it.appendKey(b, x)
		}
		return b
	case Iface:
		if v.T == nil {
			return append(b, 22)
		}
		if !types.Comparable(v.T) {
			panic(runtimeErrorf("hash of unhashable type %s", typeString(v.T)))
		}
		b = binary.LittleEndian.AppendUint64(append(b, 23), uint64(it.typeID(v.T)))
		return it.appendKey(b, v.V)
	}
	panic(runtimeErrorf("hash of unhashable type %T", v))
}

// typeID returns a small integer identifying t up to types.Identical.
func (it *Interp) typeID(t types.Type) int {
	if id, ok := it.typeIDCache.Load(t); ok {
		return id.(int)
	}
	it.typesMu.Lock()
	defer it.typesMu.Unlock()
	id, ok := it.typeIDs.At(t).(int)
	if !ok {
		id = it.typeIDs.Len() + 1
		it.typeIDs.Set(t, id)
	}
	it.typeIDCache.Store(t, id)
	return id
}
