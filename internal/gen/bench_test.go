package gen_test

import (
	"context"
	"testing"

	"github.com/gonggu/gonggu/internal/gen"
	"github.com/gonggu/gonggu/internal/registry"
)

// BenchmarkGenerate measures generation alone, per household, with the default problem rates.
func BenchmarkGenerate(b *testing.B) {
	tree := dingxi(b)
	cfg := testConfig(b.N, 1, gen.DefaultRates())
	b.ReportAllocs()
	b.ResetTimer()
	persons := 0
	_, err := gen.Generate(context.Background(), tree, cfg, gen.FillBatch, func(batch []registry.Aggregate) error {
		for i := range batch {
			persons += len(batch[i].Persons)
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(persons)/float64(b.N), "persons/op")
}
