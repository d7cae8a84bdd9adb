package cli

import (
	"os"
	"runtime"
	"strconv"
	"strings"
)

// peakMemoryMB returns the process's peak resident memory in MB: VmHWM on Linux, and the Go
// runtime's total obtained memory elsewhere. Commands print it beside their timing so that a
// benchmark run reports both figures without an external tool.
func peakMemoryMB() int {
	if b, err := os.ReadFile("/proc/self/status"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
				f := strings.Fields(rest)
				if len(f) >= 1 {
					if kb, err := strconv.Atoi(f[0]); err == nil {
						return kb >> 10
					}
				}
			}
		}
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return int(ms.Sys >> 20)
}
