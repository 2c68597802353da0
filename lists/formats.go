package lists

// Formats returns the list formats redline reads, in the order they are
// tried.
func Formats() []Format {
	return []Format{}
}
