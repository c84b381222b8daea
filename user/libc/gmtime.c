/* Broken-down time in UTC (cleave has no time zones: localtime is UTC)
 * and strftime for the C locale. */
#include <stdio.h>
#include <string.h>
#include <time.h>

static const char *const wday_name[] = { "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday",
					 "Friday", "Saturday" };
static const char *const mon_name[] = { "January", "February", "March", "April", "May", "June",
					"July", "August", "September", "October", "November",
					"December" };

static int leap(long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days since 1970-01-01 as a Gregorian date. Counted from 0000-03-01 in
 * 400-year eras of 146097 days, so that the leap day ends each year. */
static void civil(long days, long *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp;

	days += 719468;
	era = (days >= 0 ? days : days - 146096) / 146097;
	doe = days - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);	/* from March 1 */
	mp = (5 * doy + 2) / 153;			/* March is 0 */
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

struct tm *gmtime_r(const time_t *t, struct tm *tm)
{
	static const int before[] = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 };
	long days = *t / 86400, secs = *t % 86400, y;
	int m, d;

	if (secs < 0) {
		secs += 86400;
		days--;
	}
	civil(days, &y, &m, &d);
	tm->tm_sec = secs % 60;
	tm->tm_min = secs / 60 % 60;
	tm->tm_hour = secs / 3600;
	tm->tm_mday = d;
	tm->tm_mon = m - 1;
	tm->tm_year = y - 1900;
	tm->tm_wday = (int)(((days % 7) + 11) % 7);	/* 1970-01-01 was a Thursday */
	tm->tm_yday = before[m - 1] + d - 1 + (m > 2 && leap(y));
	tm->tm_isdst = 0;
	return tm;
}

struct tm *gmtime(const time_t *t)
{
	static struct tm tm;

	return gmtime_r(t, &tm);
}

struct tm *localtime_r(const time_t *t, struct tm *tm)
{
	return gmtime_r(t, tm);
}

struct tm *localtime(const time_t *t)
{
	return gmtime(t);
}

time_t timegm(const struct tm *tm)
{
	long y = tm->tm_year + 1900L, m = tm->tm_mon + 1;
	long yy = m <= 2 ? y - 1 : y, era = (yy >= 0 ? yy : yy - 399) / 400;
	long yoe = yy - era * 400, mp = m > 2 ? m - 3 : m + 9;
	long doy = (153 * mp + 2) / 5 + tm->tm_mday - 1;
	long days = era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;

	return days * 86400 + tm->tm_hour * 3600 + tm->tm_min * 60 + tm->tm_sec;
}

size_t strftime(char *s, size_t max, const char *fmt, const struct tm *tm)
{
	size_t n = 0;
	char tmp[64];

	for (; *fmt; fmt++) {
		const char *piece = tmp;

		if (*fmt != '%' || !fmt[1]) {
			tmp[0] = *fmt;
			tmp[1] = 0;
		} else {
			switch (*++fmt) {
			case 'a': snprintf(tmp, sizeof(tmp), "%.3s", wday_name[tm->tm_wday]); break;
			case 'A': piece = wday_name[tm->tm_wday]; break;
			case 'b': case 'h': snprintf(tmp, sizeof(tmp), "%.3s", mon_name[tm->tm_mon]); break;
			case 'B': piece = mon_name[tm->tm_mon]; break;
			case 'c': strftime(tmp, sizeof(tmp), "%a %b %e %H:%M:%S %Y", tm); break;
			case 'd': snprintf(tmp, sizeof(tmp), "%02d", tm->tm_mday); break;
			case 'D': strftime(tmp, sizeof(tmp), "%m/%d/%y", tm); break;
			case 'e': snprintf(tmp, sizeof(tmp), "%2d", tm->tm_mday); break;
			case 'F': strftime(tmp, sizeof(tmp), "%Y-%m-%d", tm); break;
			case 'H': snprintf(tmp, sizeof(tmp), "%02d", tm->tm_hour); break;
			case 'I': snprintf(tmp, sizeof(tmp), "%02d", (tm->tm_hour + 11) % 12 + 1); break;
			case 'j': snprintf(tmp, sizeof(tmp), "%03d", tm->tm_yday + 1); break;
			case 'm': snprintf(tmp, sizeof(tmp), "%02d", tm->tm_mon + 1); break;
			case 'M': snprintf(tmp, sizeof(tmp), "%02d", tm->tm_min); break;
			case 'n': piece = "\n"; break;
			case 'p': piece = tm->tm_hour < 12 ? "AM" : "PM"; break;
			case 'R': strftime(tmp, sizeof(tmp), "%H:%M", tm); break;
			case 's': snprintf(tmp, sizeof(tmp), "%ld", (long)timegm(tm)); break;
			case 'S': snprintf(tmp, sizeof(tmp), "%02d", tm->tm_sec); break;
			case 't': piece = "\t"; break;
			case 'T': strftime(tmp, sizeof(tmp), "%H:%M:%S", tm); break;
			case 'u': snprintf(tmp, sizeof(tmp), "%d", tm->tm_wday ? tm->tm_wday : 7); break;
			case 'w': snprintf(tmp, sizeof(tmp), "%d", tm->tm_wday); break;
			case 'y': snprintf(tmp, sizeof(tmp), "%02d", (tm->tm_year + 1900) % 100); break;
			case 'Y': snprintf(tmp, sizeof(tmp), "%d", tm->tm_year + 1900); break;
			case 'z': piece = "+0000"; break;
			case 'Z': piece = "UTC"; break;
			case '%': piece = "%"; break;
			default: snprintf(tmp, sizeof(tmp), "%%%c", *fmt);
			}
		}
		size_t len = strlen(piece);

		if (n + len >= max)
			return 0;
		memcpy(s + n, piece, len);
		n += len;
	}
	if (n >= max)
		return 0;
	s[n] = 0;
	return n;
}
