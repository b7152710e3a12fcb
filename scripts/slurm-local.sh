#!/usr/bin/env bash
# slurm-local.sh start|stop|status: a single-node Slurm cluster on this
# machine (Debian's slurm-wlm and munge), for trying scripts/slurm-sweep.sh
# and for the test suite. Everything lives under $SLURM_LOCAL_DIR (default
# /tmp/optlab-slurm-$UID): the munge key and socket, slurm.conf, the
# daemons' state, logs and pid files. Nothing outside it is touched, and
# stop ends only the daemons whose pid files are there.
#
#   scripts/slurm-local.sh start        # prints: export SLURM_CONF=…
#   eval "$(scripts/slurm-local.sh env)"
#   sbatch --wait --wrap 'hostname'
#   scripts/slurm-local.sh stop
set -euo pipefail

dir=${SLURM_LOCAL_DIR:-/tmp/optlab-slurm-$(id -u)}
ctld_port=${SLURM_LOCAL_PORT:-16817}
host=$(hostname -s)
conf=$dir/slurm.conf
sock=$dir/munge/munge.socket.2

need() {
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || { echo "slurm-local: $c not found (apt-get install slurm-wlm munge)" >&2; exit 3; }
	done
}

write_conf() {
	# The node's CPUs as slurmd sees them, so that the node registers.
	cpus=$(slurmd -C | sed -n 's/.*CPUs=\([0-9]*\).*/\1/p' | head -1)
	cat >"$conf" <<CONF
ClusterName=optlab-local
SlurmctldHost=$host
SlurmctldPort=$ctld_port
SlurmdPort=$((ctld_port + 1))
SlurmUser=$(id -un)
SlurmdUser=$(id -un)
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$sock
StateSaveLocation=$dir/ctld
SlurmdSpoolDir=$dir/slurmd
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SwitchType=switch/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
SlurmctldTimeout=30
SlurmdTimeout=30
MinJobAge=30
NodeName=$host CPUs=$cpus State=UNKNOWN
PartitionName=local Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
}

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

start() {
	need munged mungekey slurmctld slurmd sinfo
	mkdir -p "$dir"/{munge,ctld,slurmd,log}
	chmod 700 "$dir" "$dir/munge"
	[ -f "$dir/munge/munge.key" ] || mungekey --create --keyfile="$dir/munge/munge.key"
	chmod 600 "$dir/munge/munge.key"
	if ! alive "$dir/munge/munged.pid"; then
		munged --force --key-file="$dir/munge/munge.key" --socket="$sock" \
			--pid-file="$dir/munge/munged.pid" --log-file="$dir/log/munged.log" \
			--seed-file="$dir/munge/munged.seed"
	fi
	write_conf
	export SLURM_CONF=$conf
	alive "$dir/slurmctld.pid" || slurmctld -f "$conf"
	alive "$dir/slurmd.pid" || slurmd -f "$conf"
	for _ in $(seq 1 60); do
		if sinfo -h -o %T 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; then
			echo "export SLURM_CONF=$conf"
			return 0
		fi
		sleep 0.5
	done
	echo "slurm-local: the node did not come up; see $dir/log" >&2
	sinfo >&2 || true
	exit 1
}

stop() {
	for p in "$dir/slurmd.pid" "$dir/slurmctld.pid" "$dir/munge/munged.pid"; do
		if alive "$p"; then
			pid=$(cat "$p")
			kill "$pid"
			for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
		fi
	done
}

case "${1:-}" in
start) start ;;
stop) stop ;;
env) echo "export SLURM_CONF=$conf" ;;
status) SLURM_CONF=$conf sinfo ;;
*) echo "usage: $0 start|stop|status|env" >&2; exit 2 ;;
esac
