"""The admission pipeline on the read side: the dossier read model (hồ sơ kết nạp)."""
