package pool

import "testing"

func TestResize(t *testing.T) {
	var batch []Job
	for i := range 30 {
		batch = append(batch, Job{ID: i, Width: 100 + 37*i, Height: (i % 10) * 50})
	}
	thumbs, failed := New(12).Resize(batch)
	if len(thumbs)+failed != len(batch) {
		t.Errorf("%d thumbnails and %d failures, want %d jobs accounted for", len(thumbs), failed, len(batch))
	}
	if failed != 3 {
		t.Errorf("%d failures, want 3 (the images of height 0)", failed)
	}
}
