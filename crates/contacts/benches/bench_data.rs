//! The benchmark's contact list: a Brazilian office's export with the mix real lists have, for
//! the in-process breakdown in `benches/import.rs`. `bench/gen_contacts.py` writes the same mix to
//! a file for `scripts/bench`'s whole-process comparisons (it needs no build, so the bench script
//! does not wait on cargo for it).

/// SplitMix64, so every run and both sides see the same file.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
    fn digits(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b'0' + self.below(10) as u8))
            .collect()
    }
}

const FIRST: &[&str] = &[
    "João",
    "Maria",
    "José",
    "Ana",
    "Francisco",
    "Antônia",
    "Carlos",
    "Paula",
    "Ravi",
    "Priya",
    "John",
    "Emily",
    "Luíza",
    "Pedro",
    "Aarav",
    "Sofia",
];
const LAST: &[&str] = &[
    "Silva",
    "Santos",
    "Oliveira",
    "Souza",
    "Pereira",
    "Lima",
    "Sharma",
    "Patel",
    "Smith",
    "Conceição",
    "Gonçalves",
    "Kumar",
    "Johnson",
    "Araújo",
];
const CITY: &[&str] = &[
    "São Paulo",
    "Rio de Janeiro",
    "Belo Horizonte",
    "Mumbai",
    "Delhi",
    "New York",
    "Curitiba",
    "Recife",
];
const BR_AREA: &[&str] = &[
    "11", "12", "13", "19", "21", "24", "27", "31", "41", "47", "51", "61", "71", "81", "85", "91",
];
const US_AREA: &[&str] = &["202", "212", "305", "415", "617", "713", "312", "404"];
const IN_START: &[&str] = &["98", "99", "97", "96", "70", "81", "88", "91"];

const DE_START: &[&str] = &["151", "152", "157", "160", "170", "171", "176", "179"];
const MX_AREA: &[&str] = &["55", "33", "81", "222", "442", "999"];

/// One phone cell, several countries in national and international forms, ~5% unusable:
/// 34% BR mobiles written nationally (4 layouts), 8% BR fixed lines, 8% BR with +55,
/// 12% India (+91 / 0091), 10% US (+1), 5% each Portugal, Mexico and Germany,
/// 3% UK, 5% unusable (junk, letters, too short/long, bad country code, Excel-rounded),
/// 5% cells with two numbers.
fn phone(rng: &mut Rng) -> String {
    let roll = rng.below(100);
    let area = rng.pick(BR_AREA);
    let mobile = format!("9{}", rng.digits(8));
    match roll {
        0..=33 => match rng.below(4) {
            0 => format!("({area}) {}-{}", &mobile[..5], &mobile[5..]),
            1 => format!("{area} {mobile}"),
            2 => format!("0{area} {}-{}", &mobile[..5], &mobile[5..]),
            _ => format!("{area}{mobile}"),
        },
        34..=41 => format!(
            "({area}) {}{}-{}",
            rng.below(4) + 2,
            rng.digits(3),
            rng.digits(4)
        ),
        42..=49 => match rng.below(2) {
            0 => format!("+55 ({area}) {}-{}", &mobile[..5], &mobile[5..]),
            _ => format!("+55{area}{mobile}"),
        },
        50..=61 => {
            let n = format!("{}{}", rng.pick(IN_START), rng.digits(8));
            match rng.below(3) {
                0 => format!("+91 {} {}", &n[..5], &n[5..]),
                1 => format!("+91-{n}"),
                _ => format!("0091 {n}"),
            }
        }
        62..=71 => format!(
            "+1 ({}) {}{}-{}",
            rng.pick(US_AREA),
            rng.below(8) + 2,
            rng.digits(2),
            rng.digits(4)
        ),
        72..=76 => format!(
            "+351 9{} {} {}",
            rng.pick(&["1", "2", "3", "6"]),
            rng.digits(3),
            rng.digits(4)
        ),
        77..=81 => {
            let a = rng.pick(MX_AREA);
            let rest = rng.digits(10 - a.len());
            format!("+52 {a} {rest}")
        }
        82..=86 => format!("+49 {} {}", rng.pick(DE_START), rng.digits(7)),
        87..=89 => format!(
            "+44 7{}{} {}",
            rng.below(3) + 4,
            rng.digits(2),
            rng.digits(6)
        ),
        90..=94 => match rng.below(8) {
            0 => String::new(),
            1 => "n/a".to_string(),
            2 => "12345".to_string(),
            3 => format!("{area} 9876-ABCD"),
            4 => format!("+999 {} {}", rng.digits(4), rng.digits(4)),
            5 => "sem telefone".to_string(),
            6 => format!("9.{}E+11", rng.digits(5)),
            _ => format!("({area}) 9{}", rng.digits(12)),
        },
        _ => format!(
            "({area}) {}-{} / +55 {area} 9{}-{}",
            &mobile[..5],
            &mobile[5..],
            rng.digits(4),
            rng.digits(4)
        ),
    }
}

/// The rows of the benchmark list: name, phone cell, e-mail, city; 3% of the phone cells repeat
/// an earlier row's.
pub fn contacts_rows(rows: usize) -> Vec<[String; 4]> {
    let mut rng = Rng(0x0067_726f_7570_6472);
    let mut out: Vec<[String; 4]> = Vec::with_capacity(rows);
    for i in 0..rows {
        let first = rng.pick(FIRST);
        let last = rng.pick(LAST);
        let phone = if i > 100 && rng.below(100) < 3 {
            out[rng.below(out.len() as u64) as usize][1].clone()
        } else {
            phone(&mut rng)
        };
        let email = format!(
            "{}.{}{}@example.com",
            first.to_lowercase(),
            last.to_lowercase(),
            i
        );
        out.push([
            format!("{first} {last}"),
            phone,
            email,
            rng.pick(CITY).to_string(),
        ]);
    }
    out
}

/// The header of the benchmark list (a Brazilian office's column names).
pub const HEADER: [&str; 4] = ["Nome", "Celular", "E-mail", "Cidade"];

/// A `rows`-row Excel-style CSV (`;`, BOM, CRLF) of [`contacts_rows`].
pub fn contacts_csv(rows: usize) -> String {
    let mut out = String::with_capacity(rows * 80);
    out.push('\u{FEFF}');
    out.push_str(&HEADER.join(";"));
    out.push_str("\r\n");
    for row in contacts_rows(rows) {
        out.push_str(&row.join(";"));
        out.push_str("\r\n");
    }
    out
}
