"""The reason4j Python sandbox server (runs inside bubblewrap; started by io.reason4j.tool.SandboxProcess).

One server process holds a warm interpreter with the usual modules already imported and forks one
child per call, so a call costs two forks instead of an interpreter start-up. Each call gets, on top
of the bubblewrap sandbox that the server itself lives in (no network, read-only system files, no
view of host processes or files):

  * its own user, PID and mount namespaces: its processes cannot see or signal anything outside the
    call (not even concurrent calls), and when the call's first process exits or is killed, the
    kernel kills every process the call started, daemonised ones included;
  * a fresh, size-limited tmpfs as its working directory, gone when the call ends;
  * resource limits (CPU seconds, address space, processes, file size, open files) and no
    capabilities, no way to make further namespaces (so no way to mount around the limits).

Protocol: one JSON object per line on stdin (a request with an "id"), one JSON object per line on
stdout (the result with the same "id"); results come back in completion order. Closing stdin stops
the server.
"""
import ast
import base64
import ctypes
import gc
import json
import linecache
import os
import resource
import selectors
import shutil
import signal
import sys
import tempfile
import time
import traceback

_ISOLATED = sys.argv[1] == "isolated"  # "unisolated": the user opted out; plain fork and rlimits only
_PRELOADED = []
for _name in sys.argv[4:]:  # modules to pre-import, so that calls find them warm
    try:
        __import__(_name)
        _PRELOADED.append(_name)
    except Exception:  # a module that is not installed is simply not warm
        pass

# The preloaded modules' objects move to a generation the collector never scans, so a call's
# garbage collections do not touch (and so copy) the pages it shares with the server.
gc.freeze()
_libc = ctypes.CDLL(None, use_errno=True)
_CLONE_NEWNS, _CLONE_NEWUSER, _CLONE_NEWPID = 0x00020000, 0x10000000, 0x20000000
_MS_NOSUID, _MS_NODEV, _MS_NOEXEC, _MS_REC, _MS_PRIVATE = 2, 4, 8, 0x4000, 0x40000
_PR_CAPBSET_DROP, _PR_SET_NO_NEW_PRIVS = 24, 38
_SYS_CLONE = {"x86_64": 56, "aarch64": 220}[os.uname().machine]

# Exit codes of the call's first process that say which limit ended the call (user code may also
# exit with them; it then only misreports its own failure).
_EXIT_MEMORY = 201
_EXIT_SETUP_FAILED = 202
_CODE_FILE = "<code>"


def _check(result, what):
    if result != 0:
        err = ctypes.get_errno()
        raise OSError(err, "%s: %s" % (what, os.strerror(err)))


def _write(path, text):
    with open(path, "w") as f:
        f.write(text)


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]


def _drop_all_capabilities():
    cap = 0
    while _libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) == 0:
        cap += 1
    header = _CapHeader(0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3
    data = (_CapData * 2)()
    _check(_libc.capset(ctypes.byref(header), data), "capset")
    _check(_libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no_new_privs")


def _clone_into_call_namespaces():
    """fork(), but the child starts in new user, mount and PID namespaces (it is the PID namespace's
    init, so when it exits the kernel kills every process it left behind). A raw clone: os.fork()
    cannot make namespaces, and unshare() in a middle process would cost a second fork of this
    large process. Safe because the server is single-threaded."""
    flags = _CLONE_NEWUSER | _CLONE_NEWNS | _CLONE_NEWPID | signal.SIGCHLD
    pid = _libc.syscall(_SYS_CLONE, ctypes.c_ulong(flags), None, None, None, None)
    if pid < 0:
        err = ctypes.get_errno()
        raise OSError(err, "clone: " + os.strerror(err))
    return pid


def _prepare_spare(uid, gid, scratch_kb, scratch_dir, request_fd, stdout_fd, stderr_fd):
    """In a new call's init, before its request is known: identity, private /proc and scratch,
    standard streams on the call's pipes, and nothing else of the server's open."""
    if _ISOLATED:
        _enter_private_mounts(uid, gid, scratch_kb)
    else:
        os.setpgid(0, 0)
        os.chdir(scratch_dir)
    devnull = os.open("/dev/null", os.O_RDONLY)
    os.dup2(devnull, 0)
    os.dup2(stdout_fd, 1)
    os.dup2(stderr_fd, 2)
    os.dup2(request_fd, 3)
    os.closerange(4, 65536)


def _enter_private_mounts(uid, gid, scratch_kb):
    _write("/proc/self/setgroups", "deny")
    _write("/proc/self/uid_map", "%d %d 1" % (uid, uid))
    _write("/proc/self/gid_map", "%d %d 1" % (gid, gid))
    _check(_libc.mount(b"none", b"/", None, _MS_REC | _MS_PRIVATE, None), "make mounts private")
    _check(_libc.mount(b"proc", b"/proc", b"proc", _MS_NOSUID | _MS_NODEV | _MS_NOEXEC, None), "mount /proc")
    scratch = ("size=%dk,nr_inodes=4096,mode=0777" % scratch_kb).encode()
    _check(_libc.mount(b"tmpfs", b"/tmp", b"tmpfs", _MS_NOSUID | _MS_NODEV, scratch), "mount scratch")
    _check(_libc.mount(b"tmpfs", b"/dev/shm", b"tmpfs", _MS_NOSUID | _MS_NODEV, scratch), "mount /dev/shm")
    _write("/proc/sys/user/max_user_namespaces", "0")
    os.chdir("/tmp")


def _read_request(fd):
    chunks = []
    while True:
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(fd)
    return json.loads(b"".join(chunks)) if chunks else None


def _apply_limits(limits):
    """Limits for this call, then no privileges (the capabilities were only needed for the mounts)."""
    baseline = int(open("/proc/self/statm").read().split()[0]) * resource.getpagesize()
    memory = baseline + limits["memory_mb"] * 1024 * 1024
    cpu = max(1, int(limits["cpu_s"] + 0.999))
    files = limits["max_file_kb"] * 1024
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    if _ISOLATED:  # counted per call only inside the call's own user namespace
        resource.setrlimit(resource.RLIMIT_NPROC, (limits["max_processes"], limits["max_processes"]))
    resource.setrlimit(resource.RLIMIT_FSIZE, (files, files))
    resource.setrlimit(resource.RLIMIT_NOFILE, (256, 256))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if _ISOLATED:
        _drop_all_capabilities()
    # A write past the file-size limit then fails with "File too large" instead of killing the call.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGPIPE):
        signal.signal(sig, signal.SIG_DFL)
    # Line by line, as a notebook shows it: what was printed before a timeout kill is not lost.
    sys.stdout.reconfigure(line_buffering=True)


def _place_inputs(request):
    """Files the request brings (name -> base64) into the scratch directory, and its stdin text.
    Written under the call's limits, so they count against its file size and scratch space."""
    for name, content in (request.get("files") or {}).items():
        path = os.path.normpath(name)
        if os.path.isabs(path) or path.startswith(".."):
            raise ValueError("file name %r must be relative and stay in the working directory" % name)
        if os.path.dirname(path):
            os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(base64.b64decode(content))
    stdin = request.get("stdin")
    if stdin:
        with open(".stdin", "wb") as f:
            f.write(stdin.encode())
        fd = os.open(".stdin", os.O_RDONLY)
        os.unlink(".stdin")
        os.dup2(fd, 0)
        os.close(fd)


def _compile_cell(code, echo_last):
    """Like a notebook cell: a trailing expression's value is printed (repr), unless it is None."""
    linecache.cache[_CODE_FILE] = (len(code), None, code.splitlines(True), _CODE_FILE)
    tree = ast.parse(code, _CODE_FILE, "exec")
    last = None
    if echo_last and tree.body and isinstance(tree.body[-1], ast.Expr):
        last = compile(ast.Interactive([tree.body.pop()]), _CODE_FILE, "single")
    return compile(tree, _CODE_FILE, "exec"), last


def _print_user_traceback(error):
    """The traceback from the user's code down: the sandbox's own frames are dropped, and so are
    library frames between the user's last frame and the one that raised."""
    tb = error.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename != _CODE_FILE:
        tb = tb.tb_next
    if isinstance(error, SyntaxError):
        tb = None
    frames = traceback.extract_tb(tb)
    last_user = max((i for i, f in enumerate(frames) if f.filename == _CODE_FILE), default=-1)
    kept = frames[:last_user + 1]
    if len(frames) > last_user + 1:
        kept.append(frames[-1])
    lines = []
    if kept:
        lines.append("Traceback (most recent call last):\n")
        lines.extend(traceback.format_list(kept[:last_user + 1]))
        if len(kept) > last_user + 1:
            if len(frames) > last_user + 2:
                lines.append("  ...\n")
            lines.extend(traceback.format_list(kept[last_user + 1:]))
    lines.extend(traceback.format_exception_only(type(error), error))
    sys.stderr.write("".join(lines))


def _run_user_code(request):
    """Runs the setup cells silently (they ran before, in an earlier call of the session), then the cell."""
    scope = {"__name__": "__main__", "__builtins__": __builtins__}
    try:
        setup = request.get("setup") or ""
        if setup:
            saved = os.dup(1)
            quiet = os.open("/dev/null", os.O_WRONLY)
            os.dup2(quiet, 1)
            try:
                exec(compile(setup, "<setup>", "exec"), scope)
            finally:
                sys.stdout.flush()
                os.dup2(saved, 1)
        body, last = _compile_cell(request["code"], request.get("echo_last", True))
        exec(body, scope)
        if last is not None:
            exec(last, scope)
    except SystemExit as e:
        code = e.code
        if code is None:
            return 0
        if isinstance(code, int):
            return code
        sys.stderr.write(str(code) + "\n")
        return 1
    except MemoryError as e:
        _report(e)
        return _EXIT_MEMORY
    except BaseException as e:
        _report(e)
        return 1
    return 0


def _report(error):
    """The trimmed traceback; when even that fails (a recursion so deep that formatting it runs out
    of memory), the exception's one-line summary, written straight to the stream."""
    try:
        _print_user_traceback(error)
    except BaseException:
        try:
            summary = "%s: %s" % (type(error).__name__, error) if str(error) else type(error).__name__
            os.write(2, (summary + "\n").encode("utf-8", "replace"))
        except BaseException:  # out of memory even for that: a fixed line needs no allocation
            os.write(2, b"Error: the code failed and its traceback could not be printed (out of memory?)\n")


def _spare_main(uid, gid, scratch_kb, scratch_dir, request_fd, stdout_fd, stderr_fd):
    """A call's init process: made ahead of time, waits for its request, runs it, and exits."""
    code = _EXIT_SETUP_FAILED
    try:
        try:
            _prepare_spare(uid, gid, scratch_kb, scratch_dir, request_fd, stdout_fd, stderr_fd)
            request = _read_request(3)
            if request is None:  # the server is shutting down
                os._exit(0)
            _apply_limits(request["limits"])
            _place_inputs(request)
        except BaseException as e:
            os.write(2, ("sandbox: could not set up the call: %s\n" % e).encode())
            os._exit(_EXIT_SETUP_FAILED)
        code = 1  # from here on, whatever escapes is the code's failure, not the sandbox's
        code = _run_user_code(request)
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code & 0xFF)


class _Call:
    """One call's init process and its pipes, seen from the server; made before its request comes."""

    def __init__(self, server):
        request_r, self.request_w = os.pipe()
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        self.scratch_dir = None if _ISOLATED else tempfile.mkdtemp(prefix="reason4j-call-")
        self.pid = _clone_into_call_namespaces() if _ISOLATED else os.fork()
        if self.pid == 0:
            _spare_main(server.uid, server.gid, server.scratch_kb, self.scratch_dir, request_r, out_w, err_w)
        for fd in (request_r, out_w, err_w):
            os.close(fd)
        self.streams = {out_r: "stdout", err_r: "stderr"}
        for fd in self.streams:
            os.set_blocking(fd, False)
        self.pidfd = os.pidfd_open(self.pid)
        self.request = None
        self.status = None
        self.verdict = None  # set when the server ends the call: "timeout" or "output_limit"
        self.output = {"stdout": bytearray(), "stderr": bytearray()}
        self.output_size = 0

    def dispatch(self, request):
        self.request = request
        limits = request["limits"]
        self.started = time.monotonic()
        self.deadline = self.started + limits["wall_s"]
        self.max_output = limits["max_output_bytes"]
        try:
            with open(self.request_w, "wb") as pipe:  # blocks only until the init has read it all
                pipe.write(json.dumps(request).encode())
        except BrokenPipeError:
            pass  # the init failed its set-up and exited: its exit status tells

    def kill(self, verdict):
        if self.verdict is None:
            self.verdict = verdict
        try:
            if _ISOLATED:
                os.kill(self.pid, signal.SIGKILL)  # the PID namespace's init: the kernel kills the rest
            else:
                os.killpg(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def on_data(self, fd, data):
        stream = self.streams[fd]
        room = self.max_output - self.output_size
        if len(data) > room:
            self.output[stream] += data[:max(room, 0)]
            self.output_size = self.max_output
            self.kill("output_limit")
        else:
            self.output[stream] += data
            self.output_size += len(data)

    def result(self):
        cpu_ms = (self.rusage.ru_utime + self.rusage.ru_stime) * 1000.0  # the call's processes, all reaped
        code = os.waitstatus_to_exitcode(self.status)
        stderr = self.output["stderr"].decode("utf-8", "replace")
        limits = self.request["limits"]
        cpu_limit_s = max(1, int(limits["cpu_s"] + 0.999))
        if self.verdict == "timeout":
            status = "timeout"
            stderr += "TimeoutError: execution exceeded the time limit of %g s\n" % limits["wall_s"]
        elif self.verdict == "output_limit":
            status = "output_limit"
            stderr += "OutputLimitError: output exceeded %d bytes; the rest was dropped\n" % self.max_output
        elif code == -signal.SIGXCPU or (code == -signal.SIGKILL and cpu_ms >= cpu_limit_s * 1000.0):
            status = "timeout"
            stderr += "TimeoutError: execution exceeded the CPU time limit of %d s\n" % cpu_limit_s
        elif code == _EXIT_MEMORY:
            status = "memory"
            code = 1  # what python3 exits with on an uncaught MemoryError; 201 is only this sandbox's signal for it
            stderr += "MemoryError: the memory limit of %d MB was reached\n" % limits["memory_mb"]
        elif code == _EXIT_SETUP_FAILED:
            status = "sandbox_error"
        elif code < 0:
            status = "error"
            stderr += "Crashed: the process was killed by signal %s\n" % signal.Signals(-code).name
        else:
            status = "ok" if code == 0 else "error"
        return {
            "id": self.request["id"],
            "status": status,
            "stdout": self.output["stdout"].decode("utf-8", "replace"),
            "stderr": stderr,
            "exit_code": code,
            "wall_ms": (time.monotonic() - self.started) * 1000.0,
            "cpu_ms": cpu_ms,
        }


class _Server:
    def __init__(self, scratch_kb, spares):
        self.uid, self.gid = os.getuid(), os.getgid()
        self.scratch_kb = scratch_kb
        self.spare_target = spares
        self.spares = []
        self.running = {}  # by pidfd
        self.selector = selectors.DefaultSelector()
        self.pending = bytearray()
        self.stdin_open = True
        os.set_blocking(0, False)
        self.selector.register(0, selectors.EVENT_READ, ("stdin", None))

    def serve(self):
        while len(self.spares) < self.spare_target:
            self.spares.append(_Call(self))
        ready = {"ready": True, "python": sys.version.split()[0], "preloaded": _PRELOADED, "isolated": _ISOLATED}
        sys.stdout.write(json.dumps(ready) + "\n")
        sys.stdout.flush()
        while self.stdin_open or self.running:
            if self.running:
                timeout = max(0.0, min(c.deadline for c in self.running.values()) - time.monotonic())
            else:
                timeout = 0 if len(self.spares) < self.spare_target else None
            for key, _ in self.selector.select(timeout):
                kind, call = key.data
                if kind == "stdin":
                    self.read_requests()
                elif kind == "exit":
                    self.finish(call)
                else:
                    self.read_output(call, key.fd)
            now = time.monotonic()
            for call in list(self.running.values()):
                if now >= call.deadline:
                    call.kill("timeout")
                    call.deadline = now + 3600  # killed: its exit event follows
            # Forking a spare blocks this loop for a few milliseconds (the page tables of a large
            # process): only when no call is running, whose end it would delay, and one at a time,
            # so that a request arriving meanwhile waits for at most one fork.
            if not self.running and self.stdin_open and len(self.spares) < self.spare_target:
                self.spares.append(_Call(self))
        for spare in self.spares:  # they read an empty request and exit
            os.close(spare.request_w)
            if spare.scratch_dir:
                os.waitpid(spare.pid, 0)
                shutil.rmtree(spare.scratch_dir, ignore_errors=True)

    def read_requests(self):
        try:
            data = os.read(0, 1 << 20)
        except BlockingIOError:
            return
        if not data:
            self.stdin_open = False
            self.selector.unregister(0)
            return
        self.pending += data
        while True:
            end = self.pending.find(b"\n")
            if end < 0:
                break
            line, self.pending = bytes(self.pending[:end]), self.pending[end + 1:]
            if line.strip():
                self.start(json.loads(line))

    def start(self, request):
        call = self.spares.pop(0) if self.spares else _Call(self)
        call.dispatch(request)
        self.running[call.pidfd] = call
        self.selector.register(call.pidfd, selectors.EVENT_READ, ("exit", call))
        for fd in call.streams:
            self.selector.register(fd, selectors.EVENT_READ, ("output", call))

    def read_output(self, call, fd):
        if fd not in call.streams:  # an event of the same select() as the call's end: already drained
            return
        try:
            data = os.read(fd, 1 << 16)
        except BlockingIOError:
            return
        if data:
            call.on_data(fd, data)
        else:
            self.close_stream(call, fd)

    def close_stream(self, call, fd):
        self.selector.unregister(fd)
        os.close(fd)
        del call.streams[fd]

    def finish(self, call):
        _, call.status, call.rusage = os.wait4(call.pid, 0)
        if not _ISOLATED:
            try:
                os.killpg(call.pid, signal.SIGKILL)  # what is still in the call's process group
            except ProcessLookupError:
                pass
            shutil.rmtree(call.scratch_dir, ignore_errors=True)
        # The init is dead and the kernel killed the rest of its PID namespace before reporting
        # that: what is left in the pipes is all there will be.
        for fd in list(call.streams):
            os.set_blocking(fd, True)
            while True:
                data = os.read(fd, 1 << 16)
                if not data:
                    break
                call.on_data(fd, data)
            self.close_stream(call, fd)
        self.selector.unregister(call.pidfd)
        os.close(call.pidfd)
        del self.running[call.pidfd]
        sys.stdout.write(json.dumps(call.result()) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    # argv: isolated|unisolated, scratch size in KiB, spare calls kept ready, modules to pre-import
    _Server(int(sys.argv[2]), int(sys.argv[3])).serve()
