# sh-utils: the small utilities in /bin and the options people type.
# Each check prints "ok util-NAME" or "FAIL util-NAME: got [..], want [..]".

check() {
	if [ "$2" = "$3" ]; then
		echo "ok util-$1"
	else
		echo "FAIL util-$1: got [$3], want [$2]"
	fi
}
# The first word of each line of stdin (ls -l's mode column, say).
firsts() {
	while read w rest; do echo "$w"; done
}
nl='
'

D=/tmp/sh-utils.$$
mkdir -p $D && cd $D || exit 1
umask 022

# ---- pwd, uname, date, env ----
check pwd "$D" "$(/bin/pwd)"
check uname Linux "$(uname)"
check uname-s Linux "$(uname -s)"
check uname-m riscv64 "$(uname -m)"
check uname-r yes "$(case $(uname -r) in [0-9]*.*) echo yes ;; esac)"
check uname-n "$(cat /proc/sys/kernel/hostname)" "$(uname -n)"
check uname-a "$(uname -s) $(uname -n) $(uname -r) $(uname -v) $(uname -m)" "$(uname -a)"
check date-epoch "Thu Jan  1 00:00:00 UTC 1970" "$(date -d @0)"
check date-format "2023-11-14 22:13:20" "$(date -d @1700000000 '+%Y-%m-%d %H:%M:%S')"
check date-now yes "$(case "$(date)" in [A-Z][a-z][a-z]\ [A-Z][a-z][a-z]\ [\ 0-9][0-9]\ [0-9][0-9]:[0-9][0-9]:[0-9][0-9]\ UTC\ [0-9][0-9][0-9][0-9]) echo yes ;; esac)"
check date-seconds yes "$([ $(date +%s) -gt 1600000000 ] && echo yes)"
check env-list yes "$(env | grep -q '^PATH=' && echo yes)"
check env-set "v1 v2" "$(env A=v1 B=v2 sh -c 'echo $A $B')"
check env-i "" "$(env -i /bin/env)"
check env-u "" "$(X=1 env -u X sh -c 'echo $X')"

# ---- files: touch, stat, chmod, ln, rmdir, mkdir, rm ----
touch new
check touch-create yes "$([ -f new ] && [ ! -s new ] && echo yes)"
echo data > old
check stat-size "  Size: 5" "$(stat old | grep Size: | while read a b rest; do echo "  $a $b"; done)"
check stat-type yes "$(stat old | grep -q 'regular file' && echo yes)"
check stat-mode yes "$(stat old | grep -q 'Access: (0644/-rw-r--r--)' && echo yes)"
mtime() { stat "$1" | grep Modify:; }
before=$(mtime old)
sleep 0.1
touch old
check touch-update yes "$([ "$(mtime old)" != "$before" ] && echo yes)"
check touch-keeps data "$(cat old)"
touch -c nothere
check touch-c no "$([ -e nothere ] && echo yes || echo no)"
chmod 755 old
check chmod-octal -rwxr-xr-x "$(ls -l old | firsts)"
chmod 600 old
check chmod-octal-2 -rw------- "$(ls -l old | firsts)"
chmod go+r,u+x old
check chmod-symbolic -rwxr--r-- "$(ls -l old | firsts)"
chmod a-x old
check chmod-minus -rw-r--r-- "$(ls -l old | firsts)"
check chmod-bad 1 "$(chmod 999 old 2>/dev/null; echo $?)"
ln -s old sym
check ln-s data "$(cat sym)"
check ln-s-ls "sym -> old" "$(ls -l sym | while read m l u g s mo d t name rest; do echo "$name $rest"; done)"
check stat-link yes "$(stat sym | grep -q 'File: sym -> old' && echo yes)"
ln old hard
check ln-hard yes "$(stat old | grep -q 'Links: 2' && echo yes)"
ln -sf new sym
check ln-sf "" "$(cat sym)"
mkdir -p a/b/c
check mkdir-p yes "$([ -d a/b/c ] && echo yes)"
check mkdir-p-exists 0 "$(mkdir -p a/b; echo $?)"
check mkdir-exists 1 "$(mkdir a 2>/dev/null; echo $?)"
rmdir a/b/c
check rmdir no "$([ -d a/b/c ] && echo yes || echo no)"
check rmdir-nonempty 1 "$(rmdir a 2>/dev/null; echo $?)"
mkdir -p p/q/r
rmdir -p p/q/r
check rmdir-p no "$([ -d p ] && echo yes || echo no)"
mkdir -p t/u; touch t/u/f t/g
rm -rf t
check rm-rf no "$([ -e t ] && echo yes || echo no)"
check rm-f-missing 0 "$(rm -f missing; echo $?)"
check rm-dir-needs-r 1 "$(rm a 2>/dev/null; echo $?)"
rm -r a
check rm-r no "$([ -e a ] && echo yes || echo no)"

# ---- cp ----
echo content > src
cp src dst
check cp content "$(cat dst)"
mkdir -p tree/sub; echo deep > tree/sub/f; ln -s f tree/sub/l
mkdir into
cp src into
check cp-into-dir content "$(cat into/src)"
check cp-dir-needs-r 1 "$(cp tree copy 2>/dev/null; echo $?)"
cp -r tree copy
check cp-r deep "$(cat copy/sub/f)"
check cp-r-link "copy/sub/l -> f" "$(ls -l copy/sub/l | while read m l u g s mo d t name rest; do echo "$name $rest"; done)"
cp -r tree into
check cp-r-into deep "$(cat into/tree/sub/f)"

# ---- ls ----
mkdir lsd; touch lsd/b lsd/a lsd/.h
check ls "a${nl}b" "$(ls lsd)"
check ls-1 "a${nl}b" "$(ls -1 lsd)"
check ls-a ".${nl}..${nl}.h${nl}a${nl}b" "$(ls -a lsd)"
check ls-l "-rw-r--r--${nl}-rw-r--r--" "$(ls -l lsd | grep -v total | firsts)"
check ls-la 5 "$(ls -la lsd | grep -v total | wc -l)"
check ls-la-dot drwxr-xr-x "$(ls -la lsd | grep ' \.$' | firsts)"
check ls-total yes "$(ls -l lsd | grep -q '^total ' && echo yes)"
check ls-file lsd/a "$(ls lsd/a)"
check ls-d lsd "$(ls -d lsd)"
check ls-missing 2 "$(ls nosuch 2>/dev/null; echo $?)"

# ---- head, tail, wc, grep ----
i=1; while [ $i -le 15 ]; do echo line$i; i=$((i+1)); done > lines
check head 10 "$(head lines | wc -l)"
check head-n "line1${nl}line2${nl}line3" "$(head -n 3 lines)"
check head-num "line1${nl}line2" "$(head -2 lines)"
check head-stdin line1 "$(cat lines | head -n 1)"
check tail "line6" "$(tail lines | head -n 1)"
check tail-n "line14${nl}line15" "$(tail -n 2 lines)"
check tail-num line15 "$(tail -1 lines)"
check tail-plus "line14${nl}line15" "$(tail -n +14 lines)"
check tail-stdin line15 "$(cat lines | tail -n 1)"
check wc-c 6 "$(echo hello | wc -c)"
check wc-l 15 "$(wc -l < lines)"
check wc-w 3 "$(echo a b c | wc -w)"
check wc-default "1 3 6" "$(echo a b c | wc)"
check wc-lc "15 96 lines" "$(wc -lc lines)"
echo "Apple${nl}banana${nl}APPLE pie${nl}cherry" > fruit
check grep banana "$(grep ana fruit)"
check grep-i "Apple${nl}APPLE pie" "$(grep -i apple fruit)"
check grep-v "banana${nl}cherry" "$(grep -iv apple fruit)"
check grep-c 2 "$(grep -ic apple fruit)"
check grep-n "2:banana" "$(grep -n banana fruit)"
check grep-q 0 "$(grep -q cherry fruit; echo $?)"
check grep-q-miss 1 "$(grep -q kiwi fruit; echo $?)"
check grep-anchor "cherry" "$(grep '^ch.*y$' fruit)"

# ---- kill, dmesg ----
check kill-l yes "$(kill -l | grep -q 'HUP INT QUIT' && echo yes)"
check kill-l-num KILL "$(kill -l 137)"
sleep 10 & p=$!
/bin/kill -STOP $p
n=0; until grep -q ') T ' /proc/$p/stat || [ $n = 2000 ]; do n=$((n+1)); done
check kill-stop T "$(grep -q ') T ' /proc/$p/stat && echo T)"
/bin/kill -CONT $p
n=0; until grep -q ') S ' /proc/$p/stat || [ $n = 2000 ]; do n=$((n+1)); done
check kill-cont S "$(grep -q ') S ' /proc/$p/stat && echo S)"
/bin/kill -9 $p; wait $p
check kill-9 137 $?
check kill-bad 1 "$(/bin/kill -NOSUCH 1 2>/dev/null; echo $?)"
check dmesg yes "$(dmesg | grep -q cleave && echo yes)"

cd /
rm -rf $D
