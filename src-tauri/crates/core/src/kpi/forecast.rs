//! Forecasts of a monthly series (catalog section 5): Holt's linear exponential
//! smoothing from 6 months on, additive Holt-Winters with a yearly season from
//! 24 months on. Smoothing parameters minimise the in-sample one-step squared
//! error over a grid; the 80% band is ±1.2816 σ √h, σ being the root mean
//! square of the in-sample one-step errors and h the horizon.

/// z for a two-sided 80% interval.
pub const Z80: f64 = 1.281_551_565_545;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Holt,
    HoltWinters,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    pub method: Method,
    pub alpha: f64,
    pub beta: f64,
    pub gamma: f64,
    /// Root mean square of the one-step errors.
    pub sigma: f64,
    /// (value, low, high) for h = 1, 2, ...
    pub points: Vec<(f64, f64, f64)>,
}

const SEASON: usize = 12;

impl Fit {
    /// Keeps the forecast and its band within what the measure can be: a count, an
    /// amount or a duration whose history never went below 0 is not forecast below 0,
    /// and a rate (a share of something) not above 1. A trend carried on past the
    /// edge, or a band wider than the level, would otherwise draw an impossible value.
    pub fn clamp(&mut self, min: Option<f64>, max: Option<f64>) {
        let keep = |x: f64| {
            let x = min.map_or(x, |m| x.max(m));
            max.map_or(x, |m| x.min(m))
        };
        for p in &mut self.points {
            *p = (keep(p.0), keep(p.1), keep(p.2));
        }
    }
}

/// One pass of Holt's method: the sum of squared one-step errors, the error
/// count and the final (level, trend).
fn holt_pass(y: &[f64], alpha: f64, beta: f64) -> (f64, usize, f64, f64) {
    let mut level = y[0];
    let mut trend = y[1] - y[0];
    let mut sse = 0.0;
    let mut n = 0;
    for &v in &y[1..] {
        let f = level + trend;
        let e = v - f;
        sse += e * e;
        n += 1;
        let new_level = alpha * v + (1.0 - alpha) * (level + trend);
        trend = beta * (new_level - level) + (1.0 - beta) * trend;
        level = new_level;
    }
    (sse, n, level, trend)
}

/// One pass of additive Holt-Winters (season 12), initialised from the first
/// two seasons; errors counted from the second season on.
fn hw_pass(y: &[f64], alpha: f64, beta: f64, gamma: f64) -> (f64, usize, f64, f64, Vec<f64>) {
    let m = SEASON;
    let mean1 = y[..m].iter().sum::<f64>() / m as f64;
    let mean2 = y[m..2 * m].iter().sum::<f64>() / m as f64;
    let mut trend = (mean2 - mean1) / m as f64;
    let mut level = mean1 + trend * (m as f64 - 1.0) / 2.0;
    let mut season: Vec<f64> = (0..m)
        .map(|i| y[i] - (mean1 + trend * (i as f64 - (m as f64 - 1.0) / 2.0)))
        .collect();
    // The first season initialises; one-step errors are counted from the second on.
    let mut sse = 0.0;
    let mut n = 0;
    for (t, &v) in y.iter().enumerate().skip(m) {
        let s = season[t % m];
        let f = level + trend + s;
        let e = v - f;
        sse += e * e;
        n += 1;
        let new_level = alpha * (v - s) + (1.0 - alpha) * (level + trend);
        trend = beta * (new_level - level) + (1.0 - beta) * trend;
        season[t % m] = gamma * (v - new_level) + (1.0 - gamma) * s;
        level = new_level;
    }
    (sse, n, level, trend, season)
}

fn grid() -> impl Iterator<Item = f64> + Clone {
    (1..=19).map(|i| i as f64 * 0.05)
}

/// The forecast of the next `horizon` months, or None under 6 months.
pub fn forecast(y: &[f64], horizon: usize) -> Option<Fit> {
    if y.len() < 6 || y.iter().any(|v| !v.is_finite()) {
        return None;
    }
    if y.len() >= 2 * SEASON {
        let mut best: Option<(f64, f64, f64, f64)> = None;
        let coarse = || (1..=9).map(|i| i as f64 * 0.1);
        for a in coarse() {
            for b in coarse() {
                for g in coarse() {
                    let (sse, ..) = hw_pass(y, a, b, g);
                    if best.is_none_or(|x| sse < x.0) {
                        best = Some((sse, a, b, g));
                    }
                }
            }
        }
        let (_, a, b, g) = best?;
        let (sse, n, level, trend, season) = hw_pass(y, a, b, g);
        let sigma = (sse / n.max(1) as f64).sqrt();
        let t0 = y.len();
        let points = (1..=horizon)
            .map(|h| {
                let v = level + h as f64 * trend + season[(t0 + h - 1) % SEASON];
                let w = Z80 * sigma * (h as f64).sqrt();
                (v, v - w, v + w)
            })
            .collect();
        return Some(Fit {
            method: Method::HoltWinters,
            alpha: a,
            beta: b,
            gamma: g,
            sigma,
            points,
        });
    }
    let mut best: Option<(f64, f64, f64)> = None;
    for a in grid() {
        for b in grid() {
            let (sse, ..) = holt_pass(y, a, b);
            if best.is_none_or(|x| sse < x.0) {
                best = Some((sse, a, b));
            }
        }
    }
    let (_, a, b) = best?;
    let (sse, n, level, trend) = holt_pass(y, a, b);
    let sigma = (sse / n.max(1) as f64).sqrt();
    let points = (1..=horizon)
        .map(|h| {
            let v = level + h as f64 * trend;
            let w = Z80 * sigma * (h as f64).sqrt();
            (v, v - w, v + w)
        })
        .collect();
    Some(Fit {
        method: Method::Holt,
        alpha: a,
        beta: b,
        gamma: 0.0,
        sigma,
        points,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fewer_than_six_months_give_no_forecast() {
        assert!(forecast(&[1.0, 2.0, 3.0, 4.0, 5.0], 3).is_none());
    }

    #[test]
    fn a_straight_line_is_continued_exactly_with_no_band() {
        let y: Vec<f64> = (0..8).map(|i| 100.0 + 10.0 * i as f64).collect();
        let f = forecast(&y, 3).unwrap();
        assert_eq!(f.method, Method::Holt);
        for (h, (v, lo, hi)) in f.points.iter().enumerate() {
            let want = 170.0 + 10.0 * (h + 1) as f64;
            assert!((v - want).abs() < 1e-9, "h={h}: {v} != {want}");
            assert!((hi - lo).abs() < 1e-9);
        }
    }

    #[test]
    fn holt_by_hand_for_fixed_parameters() {
        // alpha 0.5, beta 0.5 from 10, 12, 15: level0 10, trend0 2.
        // t1: f 12, e 0, level 12, trend 2; t2: f 14, e 1, level 14.5, trend 2.25.
        let (sse, n, level, trend) = holt_pass(&[10.0, 12.0, 15.0], 0.5, 0.5);
        assert_eq!((sse, n, level, trend), (1.0, 2, 14.5, 2.25));
    }

    #[test]
    fn a_seasonal_series_gets_holt_winters_and_keeps_its_season() {
        let season = [
            5.0, 3.0, 0.0, -2.0, -4.0, -6.0, -6.0, -4.0, -2.0, 0.0, 6.0, 10.0,
        ];
        let y: Vec<f64> = (0..36)
            .map(|t| 100.0 + 2.0 * t as f64 + season[t % 12])
            .collect();
        let f = forecast(&y, 3).unwrap();
        assert_eq!(f.method, Method::HoltWinters);
        for (h, (v, lo, hi)) in f.points.iter().enumerate() {
            let t = 36 + h;
            let want = 100.0 + 2.0 * t as f64 + season[t % 12];
            assert!((v - want).abs() < 0.5, "h={h}: {v} vs {want}");
            assert!(lo <= v && v <= hi);
        }
    }

    #[test]
    fn a_falling_rate_is_not_forecast_below_zero_and_a_rising_one_not_above_one() {
        // A straight line continues exactly: -0.05, -0.1, -0.15 before the clamp.
        let y = [0.25, 0.2, 0.15, 0.1, 0.05, 0.0];
        let mut f = forecast(&y, 3).unwrap();
        assert!(f.points.iter().all(|p| p.2 < -0.04), "{:?}", f.points);
        f.clamp(Some(0.0), Some(1.0));
        for &(v, lo, hi) in &f.points {
            assert_eq!((v, lo, hi), (0.0, 0.0, 0.0));
        }
        let y = [0.75, 0.8, 0.85, 0.9, 0.95, 0.97, 0.99];
        let mut f = forecast(&y, 3).unwrap();
        assert!(f.points.iter().any(|p| p.2 > 1.0), "{:?}", f.points);
        f.clamp(Some(0.0), Some(1.0));
        assert!(f
            .points
            .iter()
            .all(|p| p.0 <= 1.0 && p.2 == 1.0 && p.1 >= 0.0));
        // A band is cut where it crosses the edge; the rest is left as it is.
        let before = forecast(&[10.0, 14.0, 11.0, 15.0, 12.0, 16.0, 13.0], 3).unwrap();
        let mut after = before.clone();
        after.clamp(Some(0.0), None);
        assert_eq!(after.points, before.points);
    }

    #[test]
    fn the_band_is_z80_sigma_sqrt_h() {
        let y = [10.0, 14.0, 11.0, 15.0, 12.0, 16.0, 13.0];
        let f = forecast(&y, 3).unwrap();
        for (h, (v, lo, hi)) in f.points.iter().enumerate() {
            let w = Z80 * f.sigma * ((h + 1) as f64).sqrt();
            assert!((hi - v - w).abs() < 1e-9 && (v - lo - w).abs() < 1e-9);
        }
        assert!(f.sigma > 0.0);
    }
}
