<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <!-- Loaded as if in the skin's pages/: reach the plugin's own folder. -->
  <xsl:include href="../../../plugins/cases/xsl/cases-common.xsl"/>
  <!-- One change request for the team: review, estimate, schedule. -->
  <xsl:template match="content" mode="page">
    <xsl:variable name="c" select="change"/>
    <nav class="crumbs" aria-label="Breadcrumb"><a href="{$base}/staff/changes">Change requests</a></nav>
    <h1><xsl:value-of select="$c/title"/> <span class="small"> · <xsl:value-of select="$c/client"/></span></h1>
    <dl class="facts">
      <dt>Status</dt><dd><xsl:call-template name="cs-status"><xsl:with-param name="s" select="$c/status"/></xsl:call-template></dd>
      <dt>Category</dt><dd><xsl:call-template name="cr-cat"><xsl:with-param name="c" select="$c/category"/></xsl:call-template></dd>
      <dt>Priority</dt><dd><xsl:call-template name="cs-prio"><xsl:with-param name="p" select="$c/priority"/></xsl:call-template></dd>
      <xsl:if test="$c/project"><dt>Project</dt><dd><xsl:value-of select="$c/project"/></dd></xsl:if>
      <dt>Asked by</dt><dd><xsl:value-of select="$c/requester"/>, <xsl:value-of select="$c/@created"/></dd>
      <dt>Justification</dt><dd><xsl:value-of select="$c/justification"/></dd>
      <dt>Expected benefit</dt><dd><xsl:value-of select="$c/benefit"/></dd>
      <xsl:if test="$c/decision_id"><dt>Decision</dt><dd>Recorded on the project (#<xsl:value-of select="$c/decision_id"/>)</dd></xsl:if>
      <xsl:if test="$c/invoice_id"><dt>Invoice</dt><dd><a href="{$base}/staff/invoices/{$c/invoice_id}"><xsl:value-of select="$c/invoice_number"/></a></dd></xsl:if>
      <xsl:if test="$c/contract_id"><dt>Contract amendment</dt><dd>Drafted on contract #<xsl:value-of select="$c/contract_id"/></dd></xsl:if>
      <xsl:if test="signing/@envelope"><dt>Signature</dt><dd><a href="{$base}/staff/esign/{signing/@envelope}">Envelope #<xsl:value-of select="signing/@envelope"/></a><xsl:choose><xsl:when test="$c/status = 'signing'"> (awaiting the client's signature)</xsl:when><xsl:when test="$c/sealed_file_id"> (signed and sealed)</xsl:when></xsl:choose></dd></xsl:if>
      <xsl:if test="$c/followup"><dt>To do by hand</dt><dd><xsl:value-of select="$c/followup"/></dd></xsl:if>
    </dl>
    <div class="markdown"><xsl:copy-of select="$c/description_html/html/node()"/></div>
    <xsl:call-template name="cr-estimate"/>
    <xsl:if test="$c/status = 'submitted'">
      <form method="post" action="{$base}/staff/changes/{$c/id}/status" class="inline">
        <xsl:call-template name="csrf"/>
        <button type="submit" name="status" value="review">Start the review</button>
      </form>
    </xsl:if>
    <xsl:if test="$c/status = 'approved'">
      <form method="post" action="{$base}/staff/changes/{$c/id}/status" class="inline">
        <xsl:call-template name="csrf"/>
        <button type="submit" name="status" value="scheduled">Mark scheduled</button>
      </form>
    </xsl:if>
    <xsl:if test="$c/status = 'approved' or $c/status = 'scheduled'">
      <form method="post" action="{$base}/staff/changes/{$c/id}/status" class="inline">
        <xsl:call-template name="csrf"/>
        <button type="submit" name="status" value="done">Mark done</button>
      </form>
    </xsl:if>
    <xsl:if test="$c/status = 'submitted' or $c/status = 'review' or $c/status = 'estimated' or $c/status = 'rejected'">
      <h2>Estimate</h2>
      <form method="post" action="{$base}/staff/changes/{$c/id}/estimate" class="stack">
        <xsl:call-template name="csrf"/>
        <xsl:call-template name="field"><xsl:with-param name="name">scope</xsl:with-param><xsl:with-param name="label">Scope</xsl:with-param><xsl:with-param name="type">textarea</xsl:with-param><xsl:with-param name="value" select="$c/scope"/><xsl:with-param name="required" select="true()"/></xsl:call-template>
        <fieldset class="field"><legend>Cost lines (<xsl:value-of select="$c/currency"/>)</legend>
          <xsl:call-template name="cr-line"><xsl:with-param name="n" select="1"/></xsl:call-template>
          <xsl:call-template name="cr-line"><xsl:with-param name="n" select="2"/></xsl:call-template>
          <xsl:call-template name="cr-line"><xsl:with-param name="n" select="3"/></xsl:call-template>
          <xsl:call-template name="cr-line"><xsl:with-param name="n" select="4"/></xsl:call-template>
          <xsl:call-template name="cr-line"><xsl:with-param name="n" select="5"/></xsl:call-template>
        </fieldset>
        <xsl:call-template name="field"><xsl:with-param name="name">days</xsl:with-param><xsl:with-param name="label">Schedule impact (days)</xsl:with-param><xsl:with-param name="type">number</xsl:with-param><xsl:with-param name="value" select="$c/schedule_days"/></xsl:call-template>
        <xsl:if test="milestones/milestone">
          <fieldset class="field"><legend>Milestones that move by that many days</legend>
            <xsl:for-each select="milestones/milestone">
              <label><input type="checkbox" name="move" value="{id}"/><xsl:text> </xsl:text><xsl:value-of select="title"/> (<xsl:value-of select="due_on"/>)</label>
            </xsl:for-each>
          </fieldset>
        </xsl:if>
        <p><button type="submit" class="primary">Send the estimate for approval</button></p>
      </form>
    </xsl:if>
  </xsl:template>
  <xsl:template name="cr-line">
    <xsl:param name="n"/>
    <div class="filter">
      <xsl:call-template name="field"><xsl:with-param name="name" select="concat('line', $n, '_desc')"/><xsl:with-param name="label" select="concat('Line ', $n)"/></xsl:call-template>
      <xsl:call-template name="field"><xsl:with-param name="name" select="concat('line', $n, '_qty')"/><xsl:with-param name="label">Quantity</xsl:with-param></xsl:call-template>
      <xsl:call-template name="field"><xsl:with-param name="name" select="concat('line', $n, '_unit')"/><xsl:with-param name="label">Price</xsl:with-param></xsl:call-template>
    </div>
  </xsl:template>
</xsl:stylesheet>
