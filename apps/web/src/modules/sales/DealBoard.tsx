export default function DealBoard() { return null; }
