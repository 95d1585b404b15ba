package model

// fmtNatives implements package fmt. (Placeholder being replaced.)
func fmtNatives(nat map[string]nativeFn) {}
