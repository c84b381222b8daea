# What people type, run by busybox's own ash on cleave and on the host
# (tests/host/busybox-suite compares the two outputs case by case). Each
# case prints "=== NAME", its output, and "--- rc N". Cases whose output
# depends on the machine print only what is the same everywhere.
# $BB is the busybox binary; the cwd is an empty scratch directory.
export TZ=UTC LC_ALL=C
case_() { echo "=== $1"; shift; ( eval "$@" ) 2>&1; echo "--- rc $?"; }
T='2020-01-02 03:04:05'

case_ setup "mkdir d && echo hello > d/a && echo world > d/b && $BB touch -d '$T' d/a d/b d"
case_ ls-l "$BB ls -l --color=never d"
case_ ls-1 "$BB ls -1 d"
case_ cp-a "$BB cp -a d e && $BB ls -l --color=never e && $BB stat -c '%n %s %Y %a' e/a"
case_ mv "$BB mv e/a e/c && $BB ls e"
case_ rm-r "$BB rm -r e && $BB ls"
case_ ln-s "$BB ln -s a d/l && $BB readlink d/l && $BB stat -c '%F %N' d/l && $BB cat d/l"
case_ touch-stat "$BB touch -d '2001-02-03 04:05:06' f && $BB stat -c '%y %s %F' f"
case_ chmod "$BB chmod 751 f && $BB stat -c '%a %A' f && $BB chmod u-x,g+w f && $BB stat -c '%a %A' f"
case_ mkdir-p "$BB mkdir -p x/y/z && $BB find x | $BB sort"
case_ find "$BB find d -type f | $BB sort && $BB find d -name 'a*'"
case_ grep "printf 'one\ntwo\nthree\n' > g && $BB grep -n t g && $BB grep -c o g && $BB grep -v e g && $BB grep -i TWO g && $BB grep -q four g; echo q=\$?"
case_ sed-i "printf 'x1\ny2\n' > s && $BB sed -i 's/[0-9]/N/' s && $BB cat s"
case_ awk "printf '1 2\n3 4\n' | $BB awk '{s+=\$1*\$2} END {print s, NR}'"
case_ sort-uniq-wc "printf 'b\na\nb\n' | $BB sort | $BB uniq -c && printf 'a b\nc\n' | $BB wc"
case_ xargs "printf 'a b c' | $BB xargs -n1 echo"
case_ tar-gzip "$BB tar cf t.tar d && $BB gzip t.tar && $BB gunzip -c t.tar.gz | $BB tar tf - | $BB sort && $BB gzip -t t.tar.gz"
case_ md5sum "printf 'cleave\n' | $BB md5sum"
case_ date "$BB date -u -d @1000000000 '+%Y-%m-%d %H:%M:%S'"
case_ head-tail "$BB seq 1 10 | $BB head -3 && $BB seq 1 10 | $BB tail -2"
case_ sh-script 'f() { echo "f:$1"; }; for i in 1 2 3; do f $i; done; n=0; while [ $n -lt 3 ]; do n=$((n+1)); done; echo n=$n; v=abc.txt; echo ${v%.txt} ${v#a}; case $v in *.txt) echo text;; esac; echo $(echo nested)'
# ash's "Terminated" (stderr) comes only when the job dies during the
# wait, not when it is dead before: timing, on Linux too. Not compared.
case_ kill "$BB sleep 10 & p=\$!; kill \$p; wait \$p 2>/dev/null; echo status=\$?"
case_ timeout "$BB timeout 1 $BB sleep 5; echo status=\$?"
# sleep 10, killed: a 1 s job could end before jobs runs on a slow host.
case_ jobs "$BB sleep 10 & jobs; kill %1; wait 2>/dev/null; echo waited"
case_ ps "$BB ps | $BB head -1 | $BB grep -c PID; $BB ps | $BB grep -c 'ps$'"
case_ top "$BB top -bn1 | $BB head -1 | $BB cut -c1-4"
case_ df "$BB df / > /dev/null; echo status=\$?; $BB df | $BB head -1 | $BB tr -s ' '"
case_ mount "$BB mount | $BB grep -c ' on / '"
case_ free "$BB free | $BB head -1 | $BB tr -s ' '"
case_ pwd-cd "mkdir -p p/q && cd p/q && $BB pwd | $BB sed 's:.*/p/q:.../p/q:'"
case_ proc-self "$BB readlink /proc/self/exe | $BB sed 's:.*/::' && $BB cat /proc/self/comm"
