<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <!-- Loaded as if in the skin's pages/: reach the plugin's own folder. -->
  <xsl:include href="../../../plugins/contracts/xsl/contracts-common.xsl"/>
  <!-- One contract for staff: versions and their diff, edit, send, sign on paper, billing. -->
  <xsl:template match="content" mode="page">
    <xsl:variable name="c" select="contract"/>
    <nav class="crumbs" aria-label="Breadcrumb"><a href="{$base}/staff/contracts">Contracts</a></nav>
    <h1><xsl:value-of select="$c/title"/> <span class="small"> · <xsl:value-of select="$c/client"/></span></h1>
    <p><a href="{$base}/staff/contracts/{$c/id}/pdf">PDF of version <xsl:value-of select="$c/version"/></a>
      <xsl:if test="$c/sealed_file_id"> · <a href="{$base}/staff/contracts/{$c/id}/sealed">Sealed PDF</a></xsl:if></p>
    <xsl:if test="$c/invoice_id">
      <p>Deposit invoice: <a href="{$base}/staff/invoices/{$c/invoice_id}"><xsl:value-of select="$c/invoice_number"/></a></p>
    </xsl:if>
    <xsl:if test="$c/billing_note"><p class="error"><xsl:value-of select="$c/billing_note"/></p></xsl:if>
    <xsl:call-template name="ct-body"><xsl:with-param name="c" select="$c"/></xsl:call-template>

    <h2>Amendments</h2>
    <xsl:choose>
      <xsl:when test="$c/amendments/amendment">
        <ul>
          <xsl:for-each select="$c/amendments/amendment">
            <li><a href="{$base}/staff/contracts/{id}"><xsl:value-of select="title"/></a><xsl:text> </xsl:text><xsl:call-template name="ct-state"><xsl:with-param name="s" select="state"/></xsl:call-template></li>
          </xsl:for-each>
        </ul>
      </xsl:when>
      <xsl:otherwise><p>None.</p></xsl:otherwise>
    </xsl:choose>
    <xsl:if test="$c/state = 'active' or $c/state = 'signed'">
      <p><a class="button" href="{$base}/staff/contracts/new?client={$c/client_id}&amp;amends={$c/id}">Draft an amendment</a></p>
    </xsl:if>

    <h2>Versions</h2>
    <ul>
      <xsl:for-each select="versions/version">
        <li><a href="{$base}/staff/contracts/{$c/id}?v={version}">Version <xsl:value-of select="version"/></a>
          <span class="when"> · <xsl:value-of select="created_at"/><xsl:if test="author"> · <xsl:value-of select="author"/></xsl:if></span>
          <xsl:choose><xsl:when test="sent_at"> <span class="badge badge-internal">Sent <xsl:value-of select="sent_at"/>, never changes</span></xsl:when></xsl:choose></li>
      </xsl:for-each>
    </ul>
    <xsl:if test="diff">
      <h3>Changes from version <xsl:value-of select="diff/@from"/> to <xsl:value-of select="diff/@to"/></h3>
      <xsl:choose>
        <xsl:when test="diff/@toolong"><p>The versions are too long to compare here.</p></xsl:when>
        <xsl:otherwise>
          <div class="diff">
            <xsl:for-each select="diff/line">
              <xsl:choose>
                <xsl:when test="@op = 'add'"><p><ins><span class="visually-hidden">Added: </span>+ <xsl:value-of select="."/></ins></p></xsl:when>
                <xsl:when test="@op = 'del'"><p><del><span class="visually-hidden">Removed: </span>− <xsl:value-of select="."/></del></p></xsl:when>
                <xsl:when test="normalize-space(.) != ''"><p class="small"><xsl:value-of select="."/></p></xsl:when>
              </xsl:choose>
            </xsl:for-each>
          </div>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:if>

    <xsl:if test="$c/state = 'draft' or $c/state = 'declined' or $c/state = 'expired'">
      <h2>Send for signature</h2>
      <xsl:choose>
        <xsl:when test="esign/@enabled = '1'">
          <form method="post" action="{$base}/staff/contracts/{$c/id}/send" class="stack">
            <xsl:call-template name="csrf"/>
            <div class="field"><label for="f-signer">Who signs for the client</label>
              <select id="f-signer" name="signer" required="required">
                <xsl:for-each select="people/person"><option value="{id}"><xsl:value-of select="name"/> (<xsl:value-of select="email"/>)</option></xsl:for-each>
              </select></div>
            <xsl:call-template name="field"><xsl:with-param name="name">expires</xsl:with-param><xsl:with-param name="label">Signing ends on</xsl:with-param><xsl:with-param name="type">date</xsl:with-param><xsl:with-param name="hint">Empty: in 30 days.</xsl:with-param></xsl:call-template>
            <xsl:call-template name="field"><xsl:with-param name="name">message</xsl:with-param><xsl:with-param name="label">Message to the signer</xsl:with-param><xsl:with-param name="type">textarea</xsl:with-param></xsl:call-template>
            <p><button type="submit" class="primary">Send for signature</button></p>
          </form>
        </xsl:when>
        <xsl:otherwise><p>E-signature is not enabled on this site: print the PDF, have it signed, then record the signature on paper below.</p></xsl:otherwise>
      </xsl:choose>
    </xsl:if>
    <xsl:if test="$c/state = 'draft' or ($c/state = 'sent' and not($c/envelope_id))">
      <h2>Signed on paper</h2>
      <form method="post" action="{$base}/staff/contracts/{$c/id}/paper" class="stack">
        <xsl:call-template name="csrf"/>
        <xsl:call-template name="field"><xsl:with-param name="name">signed_by</xsl:with-param><xsl:with-param name="label">Signed by</xsl:with-param><xsl:with-param name="hint">Who signed for the client.</xsl:with-param></xsl:call-template>
        <p><button type="submit">Record the signature on paper</button></p>
      </form>
    </xsl:if>
    <xsl:if test="$c/state = 'draft' or $c/state = 'sent' or $c/state = 'declined' or $c/state = 'expired'">
      <h2>Edit (makes version <xsl:value-of select="$c/version + 1"/>)</h2>
      <xsl:if test="$c/state = 'sent'"><p>Editing stops the signing of version <xsl:value-of select="$c/version"/>; send the new version again.</p></xsl:if>
      <form method="post" action="{$base}/staff/contracts/{$c/id}/edit" class="stack">
        <xsl:call-template name="csrf"/>
        <xsl:call-template name="field"><xsl:with-param name="name">title</xsl:with-param><xsl:with-param name="label">Title</xsl:with-param><xsl:with-param name="value" select="$c/title"/></xsl:call-template>
        <xsl:call-template name="field"><xsl:with-param name="name">body</xsl:with-param><xsl:with-param name="label">Text (Markdown; merge fields allowed)</xsl:with-param><xsl:with-param name="type">textarea</xsl:with-param><xsl:with-param name="value" select="current/body"/><xsl:with-param name="required" select="true()"/></xsl:call-template>
        <xsl:call-template name="field"><xsl:with-param name="name">fees</xsl:with-param><xsl:with-param name="label">Fee lines</xsl:with-param><xsl:with-param name="type">textarea</xsl:with-param><xsl:with-param name="value" select="current/fees"/><xsl:with-param name="hint" select="concat('One a line: Description | amount in ', $c/currency, '.')"/></xsl:call-template>
        <p><button type="submit">Save as a new version</button></p>
      </form>
    </xsl:if>
    <xsl:if test="$c/state = 'active' or $c/state = 'signed'">
      <h2>End</h2>
      <form method="post" action="{$base}/staff/contracts/{$c/id}/end" class="inline">
        <xsl:call-template name="csrf"/>
        <button type="submit" class="danger">End this contract</button>
      </form>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
