//go:build unix

package outdir

import (
	"os"
	"syscall"
)

// lock takes the folder's exclusive lock, waiting for other processes. The
// lock is an flock on the folder itself, so that no lock file is left among
// the outputs.
func (d Dir) lock() (func(), error) {
	f, err := os.Open(d.Path)
	if err != nil {
		return nil, err
	}
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}

// alive reports whether a process with this id runs.
func alive(pid int) bool {
	if pid == os.Getpid() {
		return true
	}
	err := syscall.Kill(pid, 0)
	return err == nil || err == syscall.EPERM
}
