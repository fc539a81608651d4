package demo

import (
	"math/rand/v2"
	"time"
)

// Load profiles of ticket arrivals. Mondays are the busiest day, weekends
// nearly empty; mornings peak after 9 and again after lunch; September
// brings the new starters, August and late December are quiet.
var (
	weekdayLoad = [7]float64{0.05, 1.28, 1.12, 1.04, 1.0, 0.8, 0.07} // Sunday first
	monthLoad   = [13]float64{0, 1.1, 1.0, 1.03, 0.95, 0.97, 1.0, 0.92, 0.76, 1.28, 1.06, 1.0, 0.82}
	hourLoad    = [24]float64{
		0.1, 0.05, 0.05, 0.05, 0.1, 0.3, 1, 3.5, // 00-07
		8, 11, 10.5, 9, 6, 7, 8.5, 7.5, // 08-15
		6, 3.5, 1.6, 0.8, 0.6, 0.5, 0.3, 0.2, // 16-23
	}
	weekendHours = [24]float64{
		0.2, 0.1, 0.1, 0.1, 0.1, 0.3, 1, 2,
		3, 3.5, 3.5, 3, 2.5, 2.5, 2.5, 2,
		2, 1.5, 1.2, 1, 0.8, 0.6, 0.4, 0.3,
	}
	hourCum        = cumulative(hourLoad[:])
	weekendHourCum = cumulative(weekendHours[:])
)

// calendar draws arrival times over the period with the load profiles.
type calendar struct {
	days []time.Time
	cum  []float64
}

func newCalendar(start, end time.Time) calendar {
	var c calendar
	var ws []float64
	for d := start; d.Before(end); d = d.AddDate(0, 0, 1) {
		c.days = append(c.days, d)
		ws = append(ws, weekdayLoad[d.Weekday()]*monthLoad[d.Month()]*holiday(d))
	}
	c.cum = cumulative(ws)
	return c
}

// holiday damps the UK bank holidays and the Christmas week.
func holiday(d time.Time) float64 {
	m, day := d.Month(), d.Day()
	switch {
	case m == time.January && day == 1, m == time.December && (day == 25 || day == 26):
		return 0.08
	case m == time.December && day >= 24:
		return 0.4
	case m == time.January && day == 2:
		return 0.7
	case d.Weekday() == time.Monday && (m == time.May && (day <= 7 || day >= 25) || m == time.August && day >= 25):
		return 0.15
	}
	return 1
}

func (c calendar) arrival(r *rand.Rand) time.Time {
	d := c.days[drawWeighted(r, c.cum)]
	hours := hourCum
	if d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
		hours = weekendHourCum
	}
	h := drawWeighted(r, hours)
	return d.Add(time.Duration(h)*time.Hour + time.Duration(r.IntN(3600))*time.Second)
}

// Working hours of the desk, in UTC. Only urgent tickets are worked around
// the clock.
const (
	openHour  = 8
	closeHour = 18
)

// nextOpen returns t if the desk is open then, else when it next opens.
func nextOpen(t time.Time) time.Time {
	for {
		day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
		open, shut := day.Add(openHour*time.Hour), day.Add(closeHour*time.Hour)
		weekend := t.Weekday() == time.Saturday || t.Weekday() == time.Sunday
		switch {
		case weekend || !t.Before(shut):
			t = day.AddDate(0, 0, 1).Add(openHour * time.Hour)
		case t.Before(open):
			return open
		default:
			return t
		}
	}
}

// addWork adds d of working time to t, skipping nights and weekends.
func addWork(t time.Time, d time.Duration) time.Time {
	t = nextOpen(t)
	for {
		shut := time.Date(t.Year(), t.Month(), t.Day(), closeHour, 0, 0, 0, time.UTC)
		if left := shut.Sub(t); d <= left {
			return t.Add(d)
		}
		d -= shut.Sub(t)
		t = nextOpen(shut)
	}
}
