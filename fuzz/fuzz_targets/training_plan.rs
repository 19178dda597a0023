#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| aii_rules_fuzz::form(aii_rules::FormKind::TrainingPlan, data));
