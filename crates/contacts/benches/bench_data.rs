//! The benchmark's contact list: a Brazilian office's export (Excel CSV: `;`, BOM, CRLF) with
//! the mix real lists have. Shared by `benches/import.rs` and `examples/bench_import.rs` (which
//! `scripts/bench-import` runs next to the Python script), so both time the same rows.

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

/// One phone cell: 45% BR national, 10% BR fixed lines, 10% BR international, 15% India (+91),
/// 12% US (+1), 3% junk, plus a few cells with two numbers.
fn phone(rng: &mut Rng) -> String {
    let roll = rng.below(100);
    let area = rng.pick(BR_AREA);
    let mobile = format!("9{}", rng.digits(8));
    match roll {
        0..=44 => match rng.below(4) {
            0 => format!("({area}) {}-{}", &mobile[..5], &mobile[5..]),
            1 => format!("{area} {mobile}"),
            2 => format!("0{area} {}-{}", &mobile[..5], &mobile[5..]),
            _ => format!("{area}{mobile}"),
        },
        45..=54 => format!(
            "({area}) {}{}-{}",
            rng.below(4) + 2,
            rng.digits(3),
            rng.digits(4)
        ),
        55..=64 => match rng.below(2) {
            0 => format!("+55 ({area}) {}-{}", &mobile[..5], &mobile[5..]),
            _ => format!("+55{area}{mobile}"),
        },
        65..=79 => {
            let n = format!("{}{}", rng.pick(IN_START), rng.digits(8));
            match rng.below(3) {
                0 => format!("+91 {} {}", &n[..5], &n[5..]),
                1 => format!("+91-{n}"),
                _ => format!("0091 {n}"),
            }
        }
        80..=91 => format!(
            "+1 ({}) {}{}-{}",
            rng.pick(US_AREA),
            rng.below(8) + 2,
            rng.digits(2),
            rng.digits(4)
        ),
        92..=94 => rng
            .pick(&[
                "",
                "n/a",
                "12345",
                "11 9876-ABCD",
                "+999 1234 5678",
                "sem telefone",
                "9.19877E+11",
            ])
            .to_string(),
        _ => format!(
            "({area}) {}-{} / ({area}) 9{}-{}",
            &mobile[..5],
            &mobile[5..],
            rng.digits(4),
            rng.digits(4)
        ),
    }
}

/// A `rows`-row Excel-style CSV with 8% of the numbers repeated from earlier rows.
pub fn contacts_csv(rows: usize) -> String {
    let mut rng = Rng(0x0067_726f_7570_6472);
    let mut out = String::with_capacity(rows * 80);
    out.push_str("\u{FEFF}Nome;Celular;E-mail;Cidade\r\n");
    let mut previous: Vec<String> = Vec::with_capacity(rows);
    for i in 0..rows {
        let first = rng.pick(FIRST);
        let last = rng.pick(LAST);
        let phone = if i > 100 && rng.below(100) < 8 {
            previous[rng.below(previous.len() as u64) as usize].clone()
        } else {
            phone(&mut rng)
        };
        out.push_str(&format!(
            "{first} {last};{phone};{}.{}{}@example.com;{}\r\n",
            first.to_lowercase(),
            last.to_lowercase(),
            i,
            rng.pick(CITY)
        ));
        previous.push(phone);
    }
    out
}
