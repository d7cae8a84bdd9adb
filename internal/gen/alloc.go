package gen

import (
	"strconv"
	"time"

	"github.com/gonggu/gonggu/internal/idno"
)

// idAllocator hands out ID sequence numbers so that no two people of a run share an ID
// number: for each address code, birth date and sex it counts the numbers given so far, from a
// start that varies with the key, as police stations number people in no visible order.
type idAllocator struct {
	addr  map[string]uint64
	given map[uint64]uint16
}

func newIDAllocator() idAllocator {
	return idAllocator{addr: map[string]uint64{}, given: make(map[uint64]uint16, 1<<16)}
}

// epoch is the day birth dates are counted from in allocator keys.
var epoch = time.Date(1850, 1, 1, 0, 0, 0, 0, time.UTC)

// perKey is how many numbers one address, birth date and sex can take: sequence numbers are
// 2·(start+k)+sex with start < perKey, so they stay below 1000.
const perKey = 250

// make returns a new ID number for the address code, birth date and sex, and the birth date
// it encodes: the same one unless the day is exhausted (250 people of one sex born on one day
// in one county), in which case a neighbouring day is used.
func (a *idAllocator) make(address string, birth time.Time, male bool) (string, time.Time) {
	ai, ok := a.addr[address]
	if !ok {
		ai = uint64(len(a.addr))
		a.addr[address] = ai
	}
	sex := uint64(0)
	if male {
		sex = 1
	}
	for shift := 0; ; shift++ {
		b := birth.AddDate(0, 0, -shift)
		day := uint64(b.Sub(epoch).Hours() / 24)
		key := ai<<32 | day<<1 | sex
		k := a.given[key]
		if k >= perKey {
			continue
		}
		a.given[key] = k + 1
		start := int(mix(key) % perKey)
		seq := 2*((start+int(k))%perKey) + int(sex)
		return idno.Make(address, b, seq), b
	}
}

// phoneAllocator hands out mobile numbers that are unique in a run: the n-th number's last 8
// digits are an affine bijection of n modulo 10^8, behind a prefix of a real operator.
type phoneAllocator struct {
	n      uint64
	offset uint64
}

// helperBase is where helpers' phone numbers start, far above any run's people.
const helperBase = 90_000_000

func newPhoneAllocator(seed uint64) phoneAllocator {
	return phoneAllocator{offset: mix(seed) % 100_000_000}
}

// next returns a new mobile number.
func (p *phoneAllocator) next() string {
	p.n++
	return p.number(p.n)
}

// helper returns the phone of the k-th helper of the village with the index.
func (p *phoneAllocator) helper(village, k int) string {
	return p.number(helperBase + uint64(village)*64 + uint64(k))
}

func (p *phoneAllocator) number(n uint64) string {
	// 7,654,321 is odd and not a multiple of 5, so it is invertible modulo 10^8.
	x := (n*7_654_321 + p.offset) % 100_000_000
	var b [11]byte
	copy(b[:], mobilePrefixes[mix(n)%uint64(len(mobilePrefixes))])
	s := strconv.FormatUint(x, 10)
	for i := 3; i < 11-len(s); i++ {
		b[i] = '0'
	}
	copy(b[11-len(s):], s)
	return string(b[:])
}

// mix is a 64-bit finaliser (SplitMix64): a well-spread hash of x.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}
